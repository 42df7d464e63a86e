/** The intake form's live address preview (GET /api/geocode). */
export const geocodeZhTW = {
	'geocode.preview.loading': '正在定位地址…',
	'geocode.preview.placedBy': '定位方式',
	'geocode.preview.usePin': '在此放置圖釘',
	'geocode.preview.notFound': '無法在高雄市內定位此地址，請在地圖上點選位置或輸入座標。',
	'geocode.preview.outside': '此地址不在高雄市。',
	'geocode.preview.failed': '暫時無法定位地址，仍可建立案件或在地圖上點選位置。'
} as const;
