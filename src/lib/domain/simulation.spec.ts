import { describe, expect, it } from 'vitest';
import {
	allocateSkills,
	arrivalsPerHour,
	bearingDeg,
	categoryMix,
	crewTargets,
	distanceM,
	hourSharePct,
	interpolate,
	matchCategoryMix,
	pickWeighted,
	poisson,
	taipeiHour,
	taipeiWeekday,
	travelMs,
	weekdaySharePct,
	type ArrivalKind
} from './simulation.ts';
import { seededRandom as seeded } from './random.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('arrival profile', () => {
	it('copies the feed: 24 hours and 7 weekdays that each add up to 100 %', () => {
		expect(hourSharePct).toHaveLength(24);
		expect(weekdaySharePct).toHaveLength(7);
		expect(sum(hourSharePct)).toBeCloseTo(100, 1);
		expect(sum(weekdaySharePct)).toBeCloseTo(100, 1);
		// the whole mix adds up too (rounded shares of 37,022 cases)
		expect(sum(categoryMix.map((r) => r[3]))).toBeCloseTo(100, 0);
	});

	it('reads hour and weekday on Taipei time (UTC+8)', () => {
		// 2024-03-04 is a Monday; 01:30 UTC is 09:30 in Taipei
		expect(taipeiHour(new Date('2024-03-04T01:30:00Z'))).toBe(9);
		expect(taipeiWeekday(new Date('2024-03-04T01:30:00Z'))).toBe(0);
		// 17:00 UTC on Sunday is already Monday 01:00 in Taipei
		expect(taipeiHour(new Date('2024-03-03T17:00:00Z'))).toBe(1);
		expect(taipeiWeekday(new Date('2024-03-03T17:00:00Z'))).toBe(0);
		expect(taipeiWeekday(new Date('2024-03-03T12:00:00Z'))).toBe(6);
	});

	it('gives the hourly rate as the day scaled by the hour and weekday shares', () => {
		// Monday 09:xx: 480 × 8.317 % × (16.217 % × 7)
		expect(arrivalsPerHour(new Date('2024-03-04T01:30:00Z'), 480)).toBeCloseTo(
			480 * 0.08317 * 0.16217 * 7,
			6
		);
		// the rate over a whole week averages to jobsPerDay / 24 per hour
		const start = new Date('2024-03-03T16:00:00Z').getTime(); // Monday 00:00 in Taipei
		let total = 0;
		for (let h = 0; h < 24 * 7; h++) total += arrivalsPerHour(new Date(start + h * 3_600_000), 480);
		expect(total / 7).toBeCloseTo(480, 0);
		// the small hours are quiet: 04:00 has about a thirtieth of 09:00
		const four = arrivalsPerHour(new Date('2024-03-04T20:00:00Z'), 480);
		const nine = arrivalsPerHour(new Date('2024-03-05T01:00:00Z'), 480);
		expect(nine / four).toBeGreaterThan(25);
	});

	it('draws Poisson counts with the asked mean and variance', () => {
		const random = seeded(7);
		const n = 20_000;
		const draws = Array.from({ length: n }, () => poisson(0.4, random));
		const mean = sum(draws) / n;
		const variance = sum(draws.map((d) => (d - mean) ** 2)) / n;
		expect(mean).toBeCloseTo(0.4, 1);
		expect(variance).toBeCloseTo(0.4, 1);
		expect(poisson(0, random)).toBe(0);
	});
});

describe('weighted pick', () => {
	it('picks in proportion to weight and never a weightless item', () => {
		const random = seeded(1);
		const items = [
			{ id: 'a', w: 1 },
			{ id: 'b', w: 3 },
			{ id: 'none', w: 0 }
		];
		const counts: Record<string, number> = { a: 0, b: 0, none: 0 };
		for (let i = 0; i < 10_000; i++) counts[pickWeighted(items, (x) => x.w, random)!.id]!++;
		expect(counts.none).toBe(0);
		expect(counts.b! / counts.a!).toBeGreaterThan(2.7);
		expect(counts.b! / counts.a!).toBeLessThan(3.3);
	});

	it('answers undefined when nothing weighs, and the last item at the very top of the range', () => {
		expect(pickWeighted([{ w: 0 }], (x) => x.w, Math.random)).toBeUndefined();
		expect(pickWeighted([], () => 1, Math.random)).toBeUndefined();
		const top = () => 0.999_999_999_999_999_9;
		expect(pickWeighted(['a', 'b', 'c'], (x) => (x === 'c' ? 0 : 1), top)).toBe('b');
	});
});

describe('movement', () => {
	const cityHall = { lon: 120.312, lat: 22.6204 };
	const fengshan = { lon: 120.3575, lat: 22.6263 };

	it('measures great-circle distance', () => {
		// one degree of latitude is 111.2 km on the mean sphere
		expect(distanceM({ lon: 120, lat: 22 }, { lon: 120, lat: 23 }) / 1000).toBeCloseTo(111.2, 1);
		expect(distanceM(cityHall, fengshan)).toBeGreaterThan(4_600);
		expect(distanceM(cityHall, fengshan)).toBeLessThan(4_800);
		expect(distanceM(cityHall, cityHall)).toBe(0);
	});

	it('interpolates along the segment and clamps outside it', () => {
		expect(interpolate(cityHall, fengshan, 0)).toEqual(cityHall);
		expect(interpolate(cityHall, fengshan, 1)).toEqual(fengshan);
		expect(interpolate(cityHall, fengshan, 2)).toEqual(fengshan);
		expect(interpolate(cityHall, fengshan, -1)).toEqual(cityHall);
		const half = interpolate(cityHall, fengshan, 0.5);
		expect(distanceM(cityHall, half)).toBeCloseTo(distanceM(half, fengshan), 0);
	});

	it('heads by compass bearing', () => {
		const o = { lon: 120.3, lat: 22.6 };
		expect(bearingDeg(o, { lon: 120.3, lat: 22.7 })).toBeCloseTo(0, 5);
		expect(bearingDeg(o, { lon: 120.4, lat: 22.6 })).toBeCloseTo(90, 0);
		expect(bearingDeg(o, { lon: 120.3, lat: 22.5 })).toBeCloseTo(180, 5);
		expect(bearingDeg(o, { lon: 120.2, lat: 22.6 })).toBeCloseTo(270, 0);
	});

	it('times a trip: 5 km at 30 km/h is 10 minutes', () => {
		expect(travelMs(5_000, 30)).toBeCloseTo(600_000, 6);
		expect(() => travelMs(1, 0)).toThrow(RangeError);
	});
});

describe('category mix against the catalog', () => {
	const categories = [
		{
			code: 'STREETLIGHT_OUT',
			routing: 'former_area' as const,
			active: true,
			requiredSkill: 'electrical',
			queues: [
				{ formerArea: 'city' as const, agencyCode: 'MOPW', nameZh: '路燈故障(一)' },
				{ formerArea: 'county' as const, agencyCode: 'MOPW', nameZh: '養工-路燈故障(二)' }
			]
		},
		{
			code: 'NOISE',
			routing: 'former_area' as const,
			active: false,
			requiredSkill: 'inspection',
			queues: [{ formerArea: 'all' as const, agencyCode: 'EPB', nameZh: '噪音' }]
		},
		{
			code: 'LITTER_CLEANUP',
			routing: 'former_area' as const,
			active: true,
			requiredSkill: 'cleaning',
			queues: [{ formerArea: 'all' as const, agencyCode: 'EPB', nameZh: '髒亂清除' }]
		},
		{
			code: 'DISTRICT_OFFICE_MATTER',
			routing: 'district_office' as const,
			active: true,
			requiredSkill: null,
			queues: []
		}
	];
	const agencies = [
		{ code: 'MOPW', nameZh: '養工處', districtCode: null },
		{ code: 'EPB', nameZh: '環保局', districtCode: null },
		{ code: 'DO-E19', nameZh: '旗山區公所', districtCode: '64000190' }
	];

	it('maps queue names to category codes, keeps the area, and sends district cases home', () => {
		const kinds = matchCategoryMix(categoryMix, categories, agencies);
		expect(kinds).toContainEqual({
			categoryCode: 'STREETLIGHT_OUT',
			agencyCode: 'MOPW',
			requiredSkill: 'electrical',
			area: 'county',
			districtCode: null,
			weight: 12.117
		});
		expect(kinds.find((k) => k.categoryCode === 'LITTER_CLEANUP')).toMatchObject({
			agencyCode: 'EPB',
			area: null,
			weight: 9.748
		});
		expect(kinds.find((k) => k.categoryCode === 'DISTRICT_OFFICE_MATTER')).toEqual({
			categoryCode: 'DISTRICT_OFFICE_MATTER',
			agencyCode: 'DO-E19',
			requiredSkill: null,
			area: null,
			districtCode: '64000190',
			weight: 0.062
		});
	});

	it('drops what the catalog cannot place: a retired category, an unknown queue or office', () => {
		const kinds = matchCategoryMix(categoryMix, categories, agencies);
		expect(kinds.some((k) => k.categoryCode === 'NOISE')).toBe(false);
		expect(kinds).toHaveLength(4); // two street-light queues, litter, 旗山區公所
	});
});

describe('demo crews', () => {
	const kind = (agencyCode: string, weight: number, requiredSkill: string | null): ArrivalKind => ({
		categoryCode: `${agencyCode}-${requiredSkill}`,
		agencyCode,
		requiredSkill,
		area: null,
		districtCode: null,
		weight
	});
	const sizing = {
		jobsPerDay: 480,
		cycleHours: 0.75,
		utilization: 0.6,
		minPerAgency: 3,
		minShare: 0.01
	};

	it('sizes crews by Little’s law, at least the minimum, none for rare agencies', () => {
		const kinds = [
			kind('BIG', 40, 'electrical'),
			kind('BIG', 10, 'road'),
			kind('BIG', 5, null),
			kind('MID', 44.5, 'cleaning'),
			kind('RARE', 0.5, 'gas')
		];
		const targets = crewTargets(kinds, sizing);
		expect(targets.map((t) => t.agencyCode)).toEqual(['BIG', 'MID']);
		// BIG: 55 % of 480 a day, 0.75 h each → 8.25 crews busy on average → 14 at 60 %
		expect(targets.find((t) => t.agencyCode === 'BIG')!.count).toBe(14);
		expect(targets.find((t) => t.agencyCode === 'MID')!.count).toBe(12);
		expect(crewTargets([kind('SMALL', 1, null)], { ...sizing, jobsPerDay: 10 })[0]!.count).toBe(3);
		expect(targets[0]!.skillDemand).toEqual(
			new Map([
				['electrical', 40],
				['road', 10]
			])
		);
	});

	it('shares skills out by demand, every skill to at least one crew', () => {
		const demand = new Map([
			['electrical', 29],
			['road', 9],
			['tree', 5],
			['cleaning', 1]
		]);
		const crews = allocateSkills(11, demand);
		expect(crews).toHaveLength(11);
		const count = (s: string) => crews.filter((c) => c.includes(s)).length;
		expect(count('cleaning')).toBe(1);
		expect(count('tree')).toBeGreaterThanOrEqual(1);
		expect(count('electrical')).toBeGreaterThan(count('road'));
		expect(crews.every((c) => c.length === 1)).toBe(true);
	});

	it('gives crews several skills when there are fewer crews than skills, none when none needed', () => {
		const demand = new Map([
			['a', 5],
			['b', 4],
			['c', 3],
			['d', 2]
		]);
		expect(allocateSkills(3, demand)).toEqual([['a', 'd'], ['b'], ['c']]);
		expect(allocateSkills(2, new Map())).toEqual([[], []]);
	});
});
