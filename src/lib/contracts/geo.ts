import { z } from 'zod';

const coordinate = (name: 'lon' | 'lat', limit: number) =>
	z
		.string({ error: `${name} is required` })
		.trim()
		.min(1, `${name} is required`)
		.refine((v) => Number.isFinite(Number(v)), `${name} must be a number`)
		.transform(Number)
		.refine((v) => Math.abs(v) <= limit, `${name} must be between -${limit} and ${limit}`);

/** Query of `GET /api/districts/lookup`. */
export const lookupQuerySchema = z.object({
	lon: coordinate('lon', 180),
	lat: coordinate('lat', 90)
});

/** Properties of each feature of `GET /api/districts`. */
export interface DistrictProperties {
	code: string;
	nameZh: string;
	nameEn: string;
	formerArea: 'city' | 'county';
}

/** A district for lists: names, a point inside it for its label, and its bounding box. */
export interface DistrictSummary extends DistrictProperties {
	label: [number, number];
	bbox: [number, number, number, number];
}

/** Answer of `GET /api/districts/lookup`. */
export interface PointLookup {
	district: { code: string; nameZh: string; nameEn: string };
	village: { code: string; nameZh: string } | null;
	formerArea: 'city' | 'county';
}
