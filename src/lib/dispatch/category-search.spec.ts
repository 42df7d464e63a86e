import { describe, expect, it } from 'vitest';
import type { Category } from '$lib/contracts/catalog';
import { normalize, searchCategories } from './category-search.ts';

const base: Omit<Category, 'code' | 'nameZh' | 'nameEn' | 'synonyms'> = {
	defaultPriority: 2,
	deadlineHours: 72,
	calendar: '24x7',
	emergency: false,
	requiredSkill: null,
	routing: 'former_area',
	active: true,
	queues: []
};
const categories: Category[] = [
	{
		...base,
		code: 'STREETLIGHT_OUT',
		nameZh: '路燈故障',
		nameEn: 'Street light out',
		synonyms: ['路燈不亮', 'lamp out']
	},
	{
		...base,
		code: 'POTHOLE',
		nameZh: '路面坑洞',
		nameEn: 'Pothole',
		synonyms: ['坑洞', '馬路有洞']
	},
	{
		...base,
		code: 'STREETLIGHT_ON_DAYTIME',
		nameZh: '路燈白天未熄',
		nameEn: 'Street light on by day',
		synonyms: []
	},
	{ ...base, code: 'OLD', nameZh: '停用類別', nameEn: 'Retired', synonyms: [], active: false }
];
const codes = (q: string) => searchCategories(categories, q).map((m) => m.category.code);

describe('category type-ahead', () => {
	it('matches zh-TW names, English names and codes, prefix before substring', () => {
		expect(codes('路燈')).toEqual(['STREETLIGHT_OUT', 'STREETLIGHT_ON_DAYTIME']);
		expect(codes('street light')).toEqual(['STREETLIGHT_OUT', 'STREETLIGHT_ON_DAYTIME']);
		expect(codes('pot')).toEqual(['POTHOLE']);
		expect(codes('streetlight_on')).toEqual(['STREETLIGHT_ON_DAYTIME']);
	});

	it('finds a category by what callers say, and names the synonym that matched', () => {
		const [hit] = searchCategories(categories, '不亮');
		expect(hit?.category.code).toBe('STREETLIGHT_OUT');
		expect(hit?.synonym).toBe('路燈不亮');
		expect(codes('有洞')).toEqual(['POTHOLE']);
	});

	it('folds full-width letters and spaces, and never offers an inactive category', () => {
		expect(normalize('ＰＯＴ　hole')).toBe('pothole');
		expect(codes('ＰＯＴＨＯＬＥ')).toEqual(['POTHOLE']);
		expect(codes('停用')).toEqual([]);
		expect(codes('')).toHaveLength(3);
	});
});
