/** The longest edge of an uploaded photo and of its thumbnail, in pixels. */
export const PHOTO_EDGE = 1600;
export const THUMB_EDGE = 320;

/** Width and height scaled to fit within `edge` on the longer side, never enlarged. */
export function fitWithin(
	width: number,
	height: number,
	edge: number
): { width: number; height: number } {
	if (!(width > 0 && height > 0))
		throw new RangeError(`an image of ${width}×${height} has no pixels`);
	const scale = Math.min(1, edge / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

/** JPEG qualities tried in turn until the photo fits the server's size limit. */
export const QUALITIES = [0.82, 0.7, 0.55, 0.4] as const;

/**
 * A camera photo made small enough for a field connection: scaled down on a canvas to
 * PHOTO_EDGE (JPEG, lowering the quality until it is under `maxBytes`), and a THUMB_EDGE
 * thumbnail for the dispatchers' lists. Browser only.
 */
export async function preparePhoto(
	file: Blob,
	maxBytes: number
): Promise<{ photo: Blob; thumbnail: Blob }> {
	// 'from-image' applies the EXIF orientation, so a portrait shot stays upright.
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	try {
		let photo: Blob | null = null;
		for (const quality of QUALITIES) {
			photo = await draw(bitmap, PHOTO_EDGE, quality);
			if (photo.size <= maxBytes) break;
		}
		if (!photo || photo.size > maxBytes) {
			throw new RangeError(`the photo is still ${photo?.size ?? 0} bytes after scaling`);
		}
		const thumbnail = await draw(bitmap, THUMB_EDGE, 0.7);
		return { photo, thumbnail };
	} finally {
		bitmap.close();
	}
}

async function draw(bitmap: ImageBitmap, edge: number, quality: number): Promise<Blob> {
	const { width, height } = fitWithin(bitmap.width, bitmap.height, edge);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('this browser cannot draw on a canvas');
	// JPEG has no transparency: a PNG's clear pixels become white, not black.
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, width, height);
	ctx.drawImage(bitmap, 0, 0, width, height);
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded'))),
			'image/jpeg',
			quality
		)
	);
}
