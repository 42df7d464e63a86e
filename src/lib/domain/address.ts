/**
 * Taiwanese addresses the way callers say them to the 1999 hotline: with or without the city,
 * full-width digits from a phone keyboard, sections as digits or Chinese numerals, 之-numbers,
 * floors, and intersections ("大中一路與民族一路口"). Anything else (a landmark, a shop name) is
 * passed through as `unparsed` for the gazetteer and the provider to try.
 */

/** What a caller said, taken apart. Numbers use ASCII digits; 之-numbers read "12之3". */
export interface ParsedAddress {
	kind: 'address' | 'intersection' | 'unparsed';
	/** '高雄市' for every way of saying Kaohsiung, otherwise the other city as written. */
	city?: string;
	/** With 區, e.g. '苓雅區'; the pre-2010 county forms (鳳山市, 大寮鄉) are read as today's. */
	district?: string;
	/** With 里; only read after a district, since village names repeat across districts. */
	village?: string;
	/** Road name with its numeral in Chinese, as on the street sign: '中山二路', '四維三路'. */
	road?: string;
	section?: number;
	lane?: string;
	alley?: string;
	number?: string;
	floor?: string;
	/** The two roads of an intersection, each with its section ('中正路2段'). */
	roads?: [string, string];
	raw: string;
}

const CITY_DISTRICTS = [
	'鹽埕',
	'鼓山',
	'左營',
	'楠梓',
	'三民',
	'新興',
	'前金',
	'苓雅',
	'前鎮',
	'旗津',
	'小港'
];
const COUNTY_DISTRICTS = [
	'鳳山',
	'林園',
	'大寮',
	'大樹',
	'大社',
	'仁武',
	'鳥松',
	'岡山',
	'橋頭',
	'燕巢',
	'田寮',
	'阿蓮',
	'路竹',
	'湖內',
	'茄萣',
	'永安',
	'彌陀',
	'梓官',
	'旗山',
	'美濃',
	'六龜',
	'甲仙',
	'杉林',
	'內門',
	'茂林',
	'桃源',
	'那瑪夏'
];
// Before the 2010 merger the county's districts were a city (市), towns (鎮) and townships (鄉);
// old letters and older callers still use those names.
const FORMER_COUNTY_SUFFIX: Record<string, string> = {
	鳳山: '市',
	岡山: '鎮',
	旗山: '鎮',
	美濃: '鎮'
};
const DISTRICT_NAMES = [...CITY_DISTRICTS, ...COUNTY_DISTRICTS].sort((a, b) => b.length - a.length);

// The other counties and cities, so that an address elsewhere is recognised as elsewhere; the
// pre-2010 county names are kept for old addresses.
const OTHER_CITIES = [
	'臺北市',
	'新北市',
	'桃園市',
	'臺中市',
	'臺南市',
	'基隆市',
	'新竹市',
	'嘉義市',
	'新竹縣',
	'苗栗縣',
	'彰化縣',
	'南投縣',
	'雲林縣',
	'嘉義縣',
	'屏東縣',
	'宜蘭縣',
	'花蓮縣',
	'臺東縣',
	'澎湖縣',
	'金門縣',
	'連江縣',
	'臺北縣',
	'桃園縣',
	'臺中縣',
	'臺南縣'
];

/** The city name every Kaohsiung variant is read as. */
export const KAOHSIUNG = '高雄市';

// Variant characters that name the same thing: 台/臺 are interchangeable in names, 巿 is a
// common typo for 市, 衖 is the older form of 弄 on old door plates, and simplified forms come
// from phones set to simplified input.
const VARIANTS: Record<string, string> = {
	台: '臺',
	巿: '市',
	衖: '弄',
	号: '號',
	楼: '樓',
	区: '區'
};
const VARIANT_RE = new RegExp(`[${Object.keys(VARIANTS).join('')}]`, 'gu');

const CN_DIGITS: Record<string, number> = {
	〇: 0,
	零: 0,
	一: 1,
	二: 2,
	兩: 2,
	三: 3,
	四: 4,
	五: 5,
	六: 6,
	七: 7,
	八: 8,
	九: 9
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_NUMERALS = '〇一二三四五六七八九十';

/** ASCII digits or Chinese numerals (十二, 一〇五, 一百零五). */
const NUM = String.raw`(?:\d+|[〇零一二兩三四五六七八九十百千]+)`;
const SMALL = String.raw`(?:\d{1,2}|[一二三四五六七八九十]{1,3})`;
// A road: a name of at least two characters, an optional numeral (中山二路, 中山2路) and 路, 街 or
// 大道. The name may not cross digits or separators, so "A路與B路" stops at the first 路.
const ROAD_RE = new RegExp(
	String.raw`^([^\d\s\-/,，、;；&+()（）]{2,12}?)(\d{1,2}|[一二三四五六七八九十])?(大道|路|街)`,
	'u'
);
const SECTION_RE = new RegExp(`^(${SMALL})段`, 'u');
const LANE_RE = new RegExp(`^(${NUM})(?:之(${NUM}))?巷`, 'u');
const ALLEY_RE = new RegExp(`^(${NUM})(?:之(${NUM}))?弄`, 'u');
const NUMBER_RE = new RegExp(`^(${NUM})(?:[之-](${NUM}))?號(?:之(${NUM}))?`, 'u');
// "四維三路2" or "四維三路2-3" with nothing after: the house number without its 號.
const BARE_NUMBER_RE = /^(\d+)(?:[之-](\d+))?$/u;
const FLOOR_RE = new RegExp(`^(?:(B|地下)(${NUM})(?:樓|F|層)?|(${NUM})(?:樓|F|層)|(地下室))`, 'u');
const INTERSECTION_SEPARATOR_RE = /^(?:靠近|與|和|及|跟|近|、|\/|&|\+|,|，)/u;
const INTERSECTION_SUFFIX_RE = /^(?:交叉路口|交岔路口|交叉口|交會口|路口|口)/u;
const LIST_SEPARATOR_RE = /^[,，、;；]+/u;
const TRAILING_PUNCTUATION_RE = /[。.,，、;；!！?？]+$/u;

/**
 * The text with full-width characters folded (NFKC: ０-９ → 0-9, Ａ → A), spaces removed,
 * variant characters unified and Latin letters upper-cased.
 */
export function cleanAddressText(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/\s+/gu, '')
		.replace(VARIANT_RE, (c) => VARIANTS[c] ?? c)
		.replace(/[‐‑‒–—―−]/gu, '-')
		.toUpperCase();
}

/** A number in ASCII digits or Chinese numerals as an integer; null when it is neither. */
export function readNumber(text: string): number | null {
	if (/^\d+$/u.test(text)) return Number(text);
	const chars = [...text];
	if (chars.length === 0 || !chars.every((c) => c in CN_DIGITS || c in CN_UNITS)) return null;
	// Without 十/百/千 the digits are positional, as in 一〇五 for 105.
	if (!chars.some((c) => c in CN_UNITS)) return Number(chars.map((c) => CN_DIGITS[c]).join(''));
	let total = 0;
	let digit = 0;
	for (const c of chars) {
		const unit = CN_UNITS[c];
		if (unit === undefined) {
			digit = CN_DIGITS[c] ?? 0;
		} else {
			total += (digit || 1) * unit;
			digit = 0;
		}
	}
	return total + digit;
}

function chineseNumeral(n: number): string {
	if (n <= 10) return CN_NUMERALS[n] ?? String(n);
	if (n < 20) return `十${CN_NUMERALS[n - 10]}`;
	const ones = n % 10;
	return `${CN_NUMERALS[Math.floor(n / 10)]}十${ones ? CN_NUMERALS[ones] : ''}`;
}

/** '12', '12之3': a door-plate style number from its parts. */
function plateNumber(main: string | undefined, sub: string | undefined): string | undefined {
	const m = main === undefined ? null : readNumber(main);
	if (m === null) return undefined;
	const s = sub === undefined ? null : readNumber(sub);
	return s === null ? String(m) : `${m}之${s}`;
}

/** A small cursor over the cleaned text: each `take` consumes what its pattern matched. */
class Cursor {
	constructor(public rest: string) {}

	take(re: RegExp): RegExpExecArray | null {
		const m = re.exec(this.rest);
		if (m) this.rest = this.rest.slice(m[0].length);
		return m;
	}

	skipSeparators(): void {
		this.take(LIST_SEPARATOR_RE);
	}
}

function takeCity(c: Cursor): string | undefined {
	c.take(/^(?:中華民國)?(?:臺灣省?)?/u);
	if (c.take(/^(?:高雄市|高雄縣|高市)/u)) return KAOHSIUNG;
	const other = OTHER_CITIES.find((name) => c.rest.startsWith(name));
	if (other) {
		c.rest = c.rest.slice(other.length);
		return other;
	}
	return undefined;
}

function takeDistrict(c: Cursor, city: string | undefined): string | undefined {
	if (city === undefined || city === KAOHSIUNG) {
		for (const name of DISTRICT_NAMES) {
			if (!c.rest.startsWith(name)) continue;
			const after = c.rest.slice(name.length, name.length + 1);
			const former = COUNTY_DISTRICTS.includes(name) ? (FORMER_COUNTY_SUFFIX[name] ?? '鄉') : null;
			if (after === '區' || (former !== null && after === former)) {
				c.rest = c.rest.slice(name.length + 1);
				return `${name}區`;
			}
		}
		return undefined;
	}
	// Elsewhere the district list is not ours; take any short name ending in 區/鄉/鎮/市.
	const m = c.take(/^(\p{Script=Han}{1,3}?[區鄉鎮市])/u);
	return m?.[1];
}

function takeVillage(c: Cursor): string | undefined {
	const m = /^(\p{Script=Han}{1,4}?)里/u.exec(c.rest);
	if (!m?.[1]) return undefined;
	// "…里路" is a road, and a name holding road words is not a village.
	if (/[路街巷段號]/u.test(m[1]) || /^[路街]/u.test(c.rest.slice(m[0].length))) return undefined;
	c.rest = c.rest.slice(m[0].length);
	// The neighbourhood (鄰) adds nothing a map can use.
	c.take(new RegExp(`^${NUM}鄰`, 'u'));
	return `${m[1]}里`;
}

interface RoadPart {
	road: string;
	section?: number;
}

function takeRoad(c: Cursor): RoadPart | null {
	const m = ROAD_RE.exec(c.rest);
	if (!m) return null;
	const [whole, name = '', numeral, suffix = ''] = m;
	// The name without its numeral needs two characters: "平一路" is not a road, so in
	// "中山一路和平一路" the 和 belongs to 和平一路 rather than separating the two.
	if (`${name}${numeral ?? ''}`.replace(/[一二三四五六七八九十\d]+$/u, '').length < 2) return null;
	c.rest = c.rest.slice(whole.length);
	const n = numeral === undefined ? null : readNumber(numeral);
	const road = `${name}${n === null ? '' : chineseNumeral(n)}${suffix}`;
	const s = c.take(SECTION_RE);
	const section = s?.[1] === undefined ? null : readNumber(s[1]);
	return section === null ? { road } : { road, section };
}

/** '中正路2段': a road with its section, as used in intersections and keys. */
function roadLabel(part: RoadPart): string {
	return part.section === undefined ? part.road : `${part.road}${part.section}段`;
}

function takeSecondRoad(c: Cursor): RoadPart | null {
	// With a separator first ("…路和民族一路口"); when what follows the separator is no road
	// ("…路和平路口": 平路 has a one-character name), the 和 starts the second road instead.
	for (const separated of [true, false]) {
		const attempt = new Cursor(c.rest);
		if (separated && !attempt.take(INTERSECTION_SEPARATOR_RE)) continue;
		const road = takeRoad(attempt);
		if (!road) continue;
		attempt.take(INTERSECTION_SUFFIX_RE);
		c.rest = attempt.rest;
		return road;
	}
	return null;
}

interface Dissected {
	parsed: ParsedAddress;
	cleaned: string;
	/** What is left after the city, district and village of text that is not an address. */
	rest: string;
}

function dissect(text: string): Dissected {
	const cleaned = cleanAddressText(text).replace(TRAILING_PUNCTUATION_RE, '');
	const parsed: ParsedAddress = { kind: 'unparsed', raw: text };
	// A leading postal code (3, 5 or 6 digits) before the city or district.
	const c = new Cursor(cleaned.replace(/^\d{3}(?:\d{2,3})?(?=\p{Script=Han})/u, ''));
	const city = takeCity(c);
	if (city) parsed.city = city;
	c.skipSeparators();
	const district = takeDistrict(c, city);
	if (district) {
		parsed.district = district;
		c.skipSeparators();
		const village = takeVillage(c);
		if (village) parsed.village = village;
		c.skipSeparators();
	}
	const areaRest = c.rest;
	const first = takeRoad(c);
	if (!first) return { parsed, cleaned, rest: areaRest };

	const second = takeSecondRoad(c);
	if (second) {
		parsed.kind = 'intersection';
		parsed.roads = [roadLabel(first), roadLabel(second)];
		return { parsed, cleaned, rest: c.rest };
	}

	parsed.kind = 'address';
	parsed.road = first.road;
	if (first.section !== undefined) parsed.section = first.section;
	const lane = c.take(LANE_RE);
	if (lane) parsed.lane = plateNumber(lane[1], lane[2]);
	const alley = c.take(ALLEY_RE);
	if (alley) parsed.alley = plateNumber(alley[1], alley[2]);
	const number = c.take(NUMBER_RE) ?? c.take(BARE_NUMBER_RE);
	if (number) parsed.number = plateNumber(number[1], number[2] ?? number[3]);
	const floor = c.take(FLOOR_RE);
	if (floor) {
		const basement = floor[2] === undefined ? null : readNumber(floor[2]);
		const above = floor[3] === undefined ? null : readNumber(floor[3]);
		if (floor[4]) parsed.floor = 'B1';
		else if (basement !== null) parsed.floor = `B${basement}`;
		else if (above !== null) parsed.floor = String(above);
	}
	return { parsed, cleaned, rest: c.rest };
}

/** Takes an address apart; text that is not an address comes back as `unparsed`. */
export function parseAddress(text: string): ParsedAddress {
	return dissect(text).parsed;
}

function keyOf({ parsed, cleaned, rest }: Dissected): string {
	const area = `${parsed.district ?? ''}${parsed.village ?? ''}`;
	switch (parsed.kind) {
		case 'address': {
			const p = parsed;
			return [
				p.district ?? '',
				p.road ?? '',
				p.section === undefined ? '' : `${p.section}段`,
				p.lane === undefined ? '' : `${p.lane}巷`,
				p.alley === undefined ? '' : `${p.alley}弄`,
				p.number === undefined ? '' : `${p.number}號`
			].join('');
		}
		case 'intersection': {
			// Code-unit order, not locale order: the key must not depend on the server's locale.
			const [a, b] = [...(parsed.roads ?? [])].sort();
			return `${parsed.district ?? ''}${a ?? ''}與${b ?? ''}口`;
		}
		case 'unparsed':
			// With a district the city adds nothing; without one it may be part of a name
			// (高雄市政府), so the text is kept whole.
			return parsed.district ? `${area}${rest}` : cleaned;
	}
}

/**
 * The learned-cache key: the same key for the same place said differently. City and floor are
 * dropped (and the village of a street address), digits are ASCII, road numerals Chinese, 台 is
 * 臺, and an intersection's roads are sorted.
 */
export function normalizeAddress(text: string): string {
	return keyOf(dissect(text));
}

/**
 * Whether the text names one spot (a house number, an intersection, a named place) rather than a
 * whole road or area; only such text may teach the address cache a point.
 */
export function namesOneSpot(text: string): boolean {
	const { parsed, rest } = dissect(text);
	switch (parsed.kind) {
		case 'address':
			return parsed.number !== undefined;
		case 'intersection':
			return true;
		case 'unparsed':
			return rest !== '';
	}
}
