/**
 * Draws the crew tablet's app icons (static/icons/crew-*.png): a white map pin with a check
 * mark on the console's blue, anti-aliased by 4×4 supersampling. Run once with
 * `npx tsx scripts/crew-icons.ts`; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const BLUE = [0x0b, 0x4f, 0x6c] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
const SAMPLES = 4;

/** Inside the pin (a circle with a point below), in units where the icon is 0..1. */
function inPin(x: number, y: number, scale: number): boolean {
	const cx = 0.5;
	const cy = 0.5 - 0.1 * scale;
	const r = 0.26 * scale;
	const tipY = 0.5 + 0.36 * scale;
	if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
	// The point: a triangle from the circle's sides down to the tip.
	if (y < cy || y > tipY) return false;
	const half = r * 0.86 * ((tipY - y) / (tipY - cy));
	return Math.abs(x - cx) <= half;
}

/** The check mark cut out of the pin's head. */
function inCheck(x: number, y: number, scale: number): boolean {
	const cx = 0.5;
	const cy = 0.5 - 0.1 * scale;
	const w = 0.045 * scale;
	const a = [cx - 0.13 * scale, cy + 0.0 * scale];
	const b = [cx - 0.035 * scale, cy + 0.095 * scale];
	const c = [cx + 0.14 * scale, cy - 0.09 * scale];
	return nearSegment(x, y, a, b, w) || nearSegment(x, y, b, c, w);
}

function nearSegment(x: number, y: number, [ax, ay]: number[], [bx, by]: number[], w: number) {
	const dx = bx! - ax!;
	const dy = by! - ay!;
	const t = Math.max(0, Math.min(1, ((x - ax!) * dx + (y - ay!) * dy) / (dx * dx + dy * dy)));
	return (x - ax! - t * dx) ** 2 + (y - ay! - t * dy) ** 2 <= w * w;
}

function icon(size: number, scale: number): Buffer {
	const png = new PNG({ width: size, height: size });
	for (let py = 0; py < size; py++) {
		for (let px = 0; px < size; px++) {
			let white = 0;
			for (let sy = 0; sy < SAMPLES; sy++) {
				for (let sx = 0; sx < SAMPLES; sx++) {
					const x = (px + (sx + 0.5) / SAMPLES) / size;
					const y = (py + (sy + 0.5) / SAMPLES) / size;
					if (inPin(x, y, scale) && !inCheck(x, y, scale)) white++;
				}
			}
			const f = white / (SAMPLES * SAMPLES);
			const i = (py * size + px) * 4;
			for (let k = 0; k < 3; k++) png.data[i + k] = Math.round(BLUE[k]! * (1 - f) + WHITE[k]! * f);
			png.data[i + 3] = 255;
		}
	}
	return PNG.sync.write(png);
}

writeFileSync('static/icons/crew-192.png', icon(192, 1));
writeFileSync('static/icons/crew-512.png', icon(512, 1));
// Maskable: the launcher may crop to a circle of 80% — keep the pin well inside it.
writeFileSync('static/icons/crew-maskable-512.png', icon(512, 0.72));
