import type { geocodeZhTW } from './geocode.zh-TW.ts';

/** The intake form's live address preview (GET /api/geocode). */
export const geocodeEn: Record<keyof typeof geocodeZhTW, string> = {
	'geocode.preview.loading': 'Placing the address…',
	'geocode.preview.placedBy': 'Placed by',
	'geocode.preview.usePin': 'Put the pin here',
	'geocode.preview.notFound':
		'This address cannot be placed in Kaohsiung: click the map or type coordinates.',
	'geocode.preview.outside': 'This address is not in Kaohsiung.',
	'geocode.preview.failed':
		'The address cannot be placed right now; you can still file, or click the map.'
};
