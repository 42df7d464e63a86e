import type { Category } from '../contracts/catalog.ts';
import type { Point } from '../contracts/jobs.ts';

/*
 * Pure parts of the demo simulator (workers/simulator.ts): when cases arrive, of which kind,
 * where, and how crews move. The numbers are facts observed in Kaohsiung's public 1999 dispatch
 * feed, Sep 2016 – Aug 2017, 37,022 field cases (shared/reference/kaohsiung-1999-*.csv).
 */

const HOUR = 3_600_000;
// Asia/Taipei is UTC+8 all year (no daylight saving since 1979).
const TAIPEI_OFFSET = 8 * HOUR;

/** Share of field cases (%) by Taipei hour of day, 0–23 (kaohsiung-1999-arrival-profile.csv). */
export const hourSharePct: readonly number[] = [
	1.707, 0.824, 0.462, 0.351, 0.262, 0.483, 1.067, 2.944, 6.618, 8.317, 7.682, 6.418, 4.541, 4.87,
	5.643, 5.632, 6.299, 6.131, 7.409, 6.229, 5.445, 4.378, 3.819, 2.469
];

/** Share of field cases (%) by Taipei weekday, Monday first (kaohsiung-1999-arrival-profile.csv). */
export const weekdaySharePct: readonly number[] = [
	16.217, 15.818, 14.599, 14.718, 15.11, 12.479, 11.058
];

/** A former area of the merged city, as the feed's (一)/(二) sub-queue suffix marks it. */
export type FormerArea = 'city' | 'county';

/**
 * The feed's category mix (kaohsiung-1999-category-mix.csv): owning agency as the feed names it,
 * the sub-queue's own name (null where the feed files district-office cases with none), the
 * former area its suffix marks, and the share of all field cases in %.
 */
export const categoryMix: readonly (readonly [
	agency: string,
	queue: string | null,
	area: FormerArea | null,
	sharePct: number
])[] = [
	['養工處', '路燈故障(一)', 'city', 15.096],
	['養工處', '養工-路燈故障(二)', 'county', 12.117],
	['環保局', '髒亂清除', null, 9.748],
	['交通局', '號誌故障', null, 7.139],
	['環保局', '空氣污染', null, 7.047],
	['環保局', '噪音', null, 5.875],
	['養工處', '路面坑洞(一)', 'city', 5.146],
	['水利局防洪維護科', '溝蓋破損(一)', 'city', 3.398],
	['養工處', '路樹傾倒(一)', 'city', 3.295],
	['養工處', '公園、綠地設施損毀(一)', 'city', 2.523],
	['動物保護處', '攻擊性流浪犬捕捉', null, 2.037],
	['養工處', '縣、鄉道破損', null, 1.988],
	['環保局', '垃圾清運', null, 1.864],
	['台電公司', '停電', null, 1.807],
	['水利局防洪維護科', '污水管阻塞(一)', 'city', 1.521],
	['養工處', '養工-路樹傾倒(二)', 'county', 1.499],
	['養工處', '人行道破損(一)', 'city', 1.461],
	['養工處', '公園髒亂、佔用(一)', 'city', 1.221],
	['環保局', '路面油漬', null, 1.186],
	['養工處', '養工-路燈白天未熄(二)', 'county', 1.175],
	['台電公司', '電線掉落', null, 1.14],
	['警察局', '違規停車', null, 1.067],
	['水利局防洪維護科', '人孔、溝蓋鬆動(一)', 'city', 0.924],
	['交通局', '號誌秒差調整', null, 0.829],
	['水利局防洪維護科', '人孔蓋凹陷坑洞(一)', 'city', 0.805],
	['環保局', '小廣告、旗幟', null, 0.794],
	['養工處', '養工-公園、綠地設施損毀(二)', 'county', 0.721],
	['養工處', '人行道設施損壞(一)', 'city', 0.713],
	['養工處', '管道(工程通報)', null, 0.494],
	['養工處', '養工-人行道設施損壞(二)', 'county', 0.427],
	['養工處', '養工-公園髒亂、佔用(二)', 'county', 0.381],
	['工務局', '管線問題', null, 0.319],
	['台電公司', '台電-孔蓋鬆動', null, 0.305],
	['台電公司', '台電-孔蓋路面下陷', null, 0.297],
	['養工處', '路燈白天未熄(一)', 'city', 0.297],
	['台電公司', '變壓器有聲音', null, 0.273],
	['工務局', '寬頻管線破損', null, 0.243],
	['水利局防洪維護科', '暴雨積水(一)', 'city', 0.219],
	['養工處', '路面下陷(一)', 'city', 0.2],
	['工務局', '寬頻孔蓋鬆動破損', null, 0.194],
	['警察局', '佔用道路', null, 0.181],
	['工務局', '人孔蓋鬆動', null, 0.154],
	['觀光局', '風景區設備損壞有立即危險者', null, 0.135],
	['環保局', '怠速', null, 0.13],
	['台電公司', '漏電', null, 0.105],
	['工務局', '人手孔凹陷', null, 0.089],
	['台電公司', '台電-路面填補不實', null, 0.086],
	['養工處', '安全島雜草叢生(一)', 'city', 0.065],
	['水利局防洪維護科', '地下道、路面積水(一)', 'city', 0.065],
	['工務局', '人手孔破損', null, 0.065],
	['動物保護處', '攻擊性流浪犬捕捉、動物受傷', null, 0.065],
	['旗山區公所', null, null, 0.062],
	['觀光局', '風景區髒亂', null, 0.057],
	['鳳山區公所', null, null, 0.051],
	['仁武區公所', null, null, 0.049],
	['養工處', '省道破損', null, 0.049],
	['田寮區公所', null, null, 0.046],
	['燕巢區公所', null, null, 0.043],
	['自來水公司', '檢修管線', null, 0.043],
	['路竹區公所', null, null, 0.041],
	['養工處', '路面塌陷(一)', 'city', 0.041],
	['大樹區公所', null, null, 0.038],
	['警察局', '急迫危害立即排除', null, 0.038],
	['中華電信公司', '中華-路面填補不實', null, 0.038],
	['警察局', '妨害安寧', null, 0.038],
	['自來水公司', '停水', null, 0.032],
	['美濃區公所', null, null, 0.032],
	['大寮區公所', null, null, 0.03],
	['大社區公所', null, null, 0.03],
	['養工處', '路面掏空(一)', 'city', 0.027],
	['杉林區公所', null, null, 0.019],
	['工務局', '寬頻孔蓋坑洞', null, 0.019],
	['內門區公所', null, null, 0.016],
	['中華電信公司', '中華-孔蓋鬆動', null, 0.016],
	['岡山區公所', null, null, 0.016],
	['鳥松區公所', null, null, 0.014],
	['湖內區公所', null, null, 0.014],
	['橋頭區公所', null, null, 0.014],
	['茄萣區公所', null, null, 0.014],
	['養工處2', '暴雨積水(二)', 'county', 0.011],
	['養工處2', '公所-路樹傾倒(二)', 'county', 0.011],
	['林園區公所', null, null, 0.011],
	['警察局', '交通疏導', null, 0.011],
	['梓官區公所', null, null, 0.011],
	['養工處2', '公所-人行道設施損壞(二)', 'county', 0.008],
	['民政局', '路面坑洞(二)', 'county', 0.008],
	['永安區公所', null, null, 0.008],
	['阿蓮區公所', null, null, 0.008],
	['動物保護處', '動物受困', null, 0.008],
	['自來水公司', '消防栓漏水', null, 0.005],
	['六龜區公所', null, null, 0.005],
	['養工處2', '路面下陷(二)', 'county', 0.005],
	['工務局', null, null, 0.005],
	['甲仙區公所', null, null, 0.005],
	['養工處2', '公所-公園、綠地設施損毀(二)', 'county', 0.005],
	['桃源區公所', null, null, 0.003],
	['台電公司', null, null, 0.003],
	['中華電信公司', '中華-孔蓋路面下陷', null, 0.003],
	['養工處2', '路面塌陷(二)', 'county', 0.003],
	['交通局', null, null, 0.003],
	['欣高瓦斯', '瓦斯外洩', null, 0.003],
	['彌陀區公所', null, null, 0.003],
	['養工處2', '安全島雜草叢生(二)', 'county', 0.003],
	['欣高瓦斯', '欣高-路面填補不實', null, 0.003]
];

/** Taipei hour of day, 0–23. */
export function taipeiHour(at: Date): number {
	return new Date(at.getTime() + TAIPEI_OFFSET).getUTCHours();
}

/** Taipei weekday, 0 = Monday … 6 = Sunday (the feed's order). */
export function taipeiWeekday(at: Date): number {
	return (new Date(at.getTime() + TAIPEI_OFFSET).getUTCDay() + 6) % 7;
}

/**
 * Expected field cases per hour at an instant, for a city filing `jobsPerDay` on an average
 * day: the day's volume shaped by the feed's hour-of-day and weekday profile.
 */
export function arrivalsPerHour(at: Date, jobsPerDay: number): number {
	const hourShare = hourSharePct[taipeiHour(at)]! / 100;
	// A weekday's share over an even 1/7: Mondays bring about 14 % more, Sundays 23 % fewer.
	const weekdayFactor = (weekdaySharePct[taipeiWeekday(at)]! / 100) * 7;
	return jobsPerDay * hourShare * weekdayFactor;
}

/** A Poisson-distributed count with the given mean (Knuth; means here are well below 30). */
export function poisson(mean: number, random: () => number): number {
	if (mean <= 0) return 0;
	const limit = Math.exp(-mean);
	let k = 0;
	let p = random();
	while (p > limit) {
		k++;
		p *= random();
	}
	return k;
}

/** One item drawn with probability proportional to its weight; undefined when none weighs. */
export function pickWeighted<T>(
	items: readonly T[],
	weight: (item: T) => number,
	random: () => number
): T | undefined {
	const total = items.reduce((sum, item) => sum + Math.max(0, weight(item)), 0);
	if (total <= 0) return undefined;
	let r = random() * total;
	for (const item of items) {
		r -= Math.max(0, weight(item));
		if (r < 0) return item;
	}
	// Rounding can leave r at a hair above zero: the last weighted item takes it.
	return items.findLast((item) => weight(item) > 0);
}

/** A uniform draw in [min, max). */
export function between(min: number, max: number, random: () => number): number {
	return min + (max - min) * random();
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine; within 0.5 % of the geodesic at city scale). */
export function distanceM(a: Point, b: Point): number {
	const dLat = rad(b.lat - a.lat);
	const dLon = rad(b.lon - a.lon);
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial compass bearing from a to b in degrees, 0 = north, clockwise, in [0, 360). */
export function bearingDeg(a: Point, b: Point): number {
	const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
	const x =
		Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) -
		Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
	return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/**
 * The point a fraction of the way from a to b, clamped to the segment. Linear in lon/lat: over
 * the few kilometres of a trip across Kaohsiung the difference to the great circle is centimetres.
 */
export function interpolate(a: Point, b: Point, fraction: number): Point {
	const f = Math.min(1, Math.max(0, fraction));
	return { lon: a.lon + (b.lon - a.lon) * f, lat: a.lat + (b.lat - a.lat) * f };
}

/** Milliseconds to cover a distance at a speed. */
export function travelMs(metres: number, speedKmh: number): number {
	if (speedKmh <= 0) throw new RangeError('speedKmh must be positive');
	return (metres / (speedKmh / 3.6)) * 1000;
}

/** A kind of case the simulator files, with how often it comes and where. */
export interface ArrivalKind {
	categoryCode: string;
	/** The agency whose queue gets it: the sub-queue's owner, or the district's office */
	agencyCode: string;
	requiredSkill: string | null;
	/** Only in this former area (the feed's (一)/(二) queues); null = anywhere */
	area: FormerArea | null;
	/** Only in this district (a district office's own cases); null = any */
	districtCode: string | null;
	weight: number;
}

/** The agencies as the catalog knows them, for matching the feed's names. */
export interface AgencyName {
	code: string;
	nameZh: string;
	districtCode: string | null;
}

/**
 * Maps the feed's mix onto our catalog: a queue name to the active category that has that
 * sub-queue, a district office's name to the district-office category in its district. Rows
 * the catalog cannot place (an admin retired the category, a queue we never modelled) drop out.
 */
export function matchCategoryMix(
	mix: typeof categoryMix,
	categories: readonly Pick<Category, 'code' | 'routing' | 'active' | 'requiredSkill' | 'queues'>[],
	agencies: readonly AgencyName[]
): ArrivalKind[] {
	const active = categories.filter((c) => c.active);
	const districtCategory = active.find((c) => c.routing === 'district_office');
	const kinds: ArrivalKind[] = [];
	for (const [agency, queue, area, sharePct] of mix) {
		if (queue === null) {
			const office = agencies.find((a) => a.nameZh === agency && a.districtCode !== null);
			if (!office || !districtCategory) continue;
			kinds.push({
				categoryCode: districtCategory.code,
				agencyCode: office.code,
				requiredSkill: districtCategory.requiredSkill,
				area: null,
				districtCode: office.districtCode,
				weight: sharePct
			});
			continue;
		}
		for (const category of active) {
			const q = category.queues.find((x) => x.nameZh === queue);
			if (!q) continue;
			kinds.push({
				categoryCode: category.code,
				agencyCode: q.agencyCode,
				requiredSkill: category.requiredSkill,
				area: area ?? (q.formerArea === 'all' ? null : q.formerArea),
				districtCode: null,
				weight: sharePct
			});
			break;
		}
	}
	return kinds;
}

/** How many demo crews an agency should have, and which skills its work needs. */
export interface CrewTarget {
	agencyCode: string;
	/** The agency's share of all cases, 0–1 */
	share: number;
	count: number;
	/** How much of the agency's work needs each skill (share weights), for `allocateSkills` */
	skillDemand: ReadonlyMap<string, number>;
}

/** What sizes the demo crews: volume, how long a crew is tied up per job, how busy they may be. */
export interface CrewSizing {
	jobsPerDay: number;
	/** Simulated hours from assignment to done, on average */
	cycleHours: number;
	/** Target share of time a crew is working, below 1 so that queues drain */
	utilization: number;
	minPerAgency: number;
	/** Agencies below this share of cases (0–1) get no demo crews: their jobs wait for people */
	minShare: number;
}

/**
 * Demo crews per agency: enough that the agency's share of `jobsPerDay` keeps its crews busy
 * about `utilization` of the time (Little's law), never fewer than `minPerAgency`. The demo
 * speed-up scales arrivals and crew work alike, so it cancels out of the count.
 */
export function crewTargets(kinds: readonly ArrivalKind[], sizing: CrewSizing): CrewTarget[] {
	const total = kinds.reduce((sum, k) => sum + k.weight, 0);
	if (total <= 0) return [];
	const byAgency = new Map<string, { weight: number; skills: Map<string, number> }>();
	for (const k of kinds) {
		const entry = byAgency.get(k.agencyCode) ?? { weight: 0, skills: new Map() };
		entry.weight += k.weight;
		if (k.requiredSkill) {
			entry.skills.set(k.requiredSkill, (entry.skills.get(k.requiredSkill) ?? 0) + k.weight);
		}
		byAgency.set(k.agencyCode, entry);
	}
	const targets: CrewTarget[] = [];
	for (const [agencyCode, { weight, skills }] of byAgency) {
		const share = weight / total;
		if (share < sizing.minShare) continue;
		const busyCrews = (share * sizing.jobsPerDay * sizing.cycleHours) / 24;
		const count = Math.max(sizing.minPerAgency, Math.ceil(busyCrews / sizing.utilization));
		targets.push({ agencyCode, share, count, skillDemand: skills });
	}
	return targets.sort((a, b) => b.share - a.share || a.agencyCode.localeCompare(b.agencyCode));
}

/**
 * Shares skills out over `count` crews in proportion to demand (largest remainder), each skill
 * to at least one crew; with fewer crews than skills, crews carry several.
 */
export function allocateSkills(count: number, demand: ReadonlyMap<string, number>): string[][] {
	const skills = [...demand.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
	const crews: string[][] = Array.from({ length: count }, () => []);
	if (count === 0 || skills.length === 0) return crews;
	if (count < skills.length) {
		skills.forEach(([skill], i) => crews[i % count]!.push(skill));
		return crews;
	}
	const total = skills.reduce((sum, [, w]) => sum + w, 0);
	const spare = count - skills.length;
	const seats = skills.map(([skill, w]) => {
		const exact = total > 0 ? (spare * w) / total : 0;
		return { skill, seats: 1 + Math.floor(exact), remainder: exact - Math.floor(exact) };
	});
	let left = count - seats.reduce((sum, s) => sum + s.seats, 0);
	for (const s of [...seats].sort((a, b) => b.remainder - a.remainder)) {
		if (left <= 0) break;
		s.seats++;
		left--;
	}
	let i = 0;
	for (const s of seats) for (let n = 0; n < s.seats; n++) crews[i++]!.push(s.skill);
	return crews;
}
