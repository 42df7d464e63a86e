import { describe, expect, it } from 'vitest';
import {
	cleanAddressText,
	namesOneSpot,
	normalizeAddress,
	parseAddress,
	readNumber
} from './address.ts';

describe('parseAddress: addresses', () => {
	it('takes a full address apart: city, district, road, number, floor', () => {
		expect(parseAddress('高雄市苓雅區四維三路2號5樓')).toEqual({
			kind: 'address',
			city: '高雄市',
			district: '苓雅區',
			road: '四維三路',
			number: '2',
			floor: '5',
			raw: '高雄市苓雅區四維三路2號5樓'
		});
	});

	it('reads full-width digits, letters and dashes as ASCII and ignores spaces', () => {
		const p = parseAddress('高雄市　苓雅區 四維三路 ２－３號 ５Ｆ');
		expect(p).toMatchObject({ road: '四維三路', number: '2之3', floor: '5' });
		expect(p.raw).toBe('高雄市　苓雅區 四維三路 ２－３號 ５Ｆ');
		expect(cleanAddressText('ＳＯＧＯ　百貨 ５ｆ')).toBe('SOGO百貨5F');
	});

	it('accepts every way of naming Kaohsiung, and a postal code in front', () => {
		for (const text of [
			'高雄市苓雅區四維三路2號',
			'高市苓雅區四維三路2號',
			'台灣高雄市苓雅區四維三路2號',
			'臺灣省高雄市苓雅區四維三路2號',
			'802高雄市苓雅區四維三路2號',
			'80203 高雄市苓雅區四維三路2號',
			'高雄巿苓雅區四維三路2號'
		]) {
			expect(parseAddress(text), text).toMatchObject({ city: '高雄市', district: '苓雅區' });
		}
	});

	it('reads the pre-2010 county names of districts as today’s', () => {
		for (const text of ['高雄縣鳳山市光遠路446號', '鳳山市光遠路446號', '鳳山區光遠路446號']) {
			expect(parseAddress(text).district, text).toBe('鳳山區');
		}
		expect(parseAddress('大寮鄉鳳屏一路1號').district).toBe('大寮區');
		expect(parseAddress('旗山鎮中山路1號').district).toBe('旗山區');
		// 三民 was never a 市: this is a market, not a district.
		expect(parseAddress('三民市場')).toEqual({ kind: 'unparsed', raw: '三民市場' });
	});

	it('does not take a district whose name starts a road or a place', () => {
		expect(parseAddress('路竹區中山路1號')).toMatchObject({ district: '路竹區', road: '中山路' });
		expect(parseAddress('左營大路1號')).toMatchObject({ road: '左營大路', number: '1' });
		expect(parseAddress('左營大路1號').district).toBeUndefined();
		expect(parseAddress('楠梓加工區').kind).toBe('unparsed');
	});

	it('keeps a numeral that is part of the road name in the name, in Chinese', () => {
		expect(parseAddress('中山二路5號').road).toBe('中山二路');
		expect(parseAddress('民族一路5號').road).toBe('民族一路');
		expect(parseAddress('建國三路5號').road).toBe('建國三路');
		expect(parseAddress('十全一路5號').road).toBe('十全一路');
		expect(parseAddress('一心一路5號').road).toBe('一心一路');
		expect(parseAddress('中山2路12號').road).toBe('中山二路');
		expect(parseAddress('中山２路12號').road).toBe('中山二路');
	});

	it('reads the section (段) apart from the road, as digits or Chinese numerals', () => {
		for (const text of ['中正路二段100號', '中正路2段100號', '中正路２段100號']) {
			expect(parseAddress(text), text).toMatchObject({
				road: '中正路',
				section: 2,
				number: '100'
			});
		}
		expect(parseAddress('臺北市中正區重慶南路一段122號')).toMatchObject({
			city: '臺北市',
			district: '中正區',
			road: '重慶南路',
			section: 1
		});
	});

	it('reads lanes, alleys and 之-numbers in every form', () => {
		expect(parseAddress('前鎮區中山二路5巷3弄12之3號')).toMatchObject({
			road: '中山二路',
			lane: '5',
			alley: '3',
			number: '12之3'
		});
		expect(parseAddress('民族一路12-3號').number).toBe('12之3');
		expect(parseAddress('民族一路12號之3').number).toBe('12之3');
		expect(parseAddress('民族一路十二之三號').number).toBe('12之3');
		expect(parseAddress('建國三路八巷二弄五號')).toMatchObject({
			lane: '8',
			alley: '2',
			number: '5'
		});
		// 衖 is the older form of 弄 on old door plates.
		expect(parseAddress('自由路12巷1衖3號')).toMatchObject({ lane: '12', alley: '1', number: '3' });
	});

	it('takes a house number said without 號 at the end', () => {
		expect(parseAddress('四維三路2').number).toBe('2');
		expect(parseAddress('四維三路２－３').number).toBe('2之3');
	});

	it('reads floors: 樓, F, Chinese numerals, basements', () => {
		expect(parseAddress('四維三路2號5F').floor).toBe('5');
		expect(parseAddress('四維三路2號5f').floor).toBe('5');
		expect(parseAddress('十全一路一百零五號三樓')).toMatchObject({ number: '105', floor: '3' });
		expect(parseAddress('四維三路2號B1').floor).toBe('B1');
		expect(parseAddress('四維三路2號地下二樓').floor).toBe('B2');
		expect(parseAddress('四維三路2號地下室').floor).toBe('B1');
	});

	it('reads the village (里) after a district and drops the neighbourhood (鄰)', () => {
		expect(parseAddress('苓雅區林西里5鄰四維三路2號')).toMatchObject({
			district: '苓雅區',
			village: '林西里',
			road: '四維三路',
			number: '2'
		});
		expect(parseAddress('那瑪夏區達卡努瓦里')).toEqual({
			kind: 'unparsed',
			district: '那瑪夏區',
			village: '達卡努瓦里',
			raw: '那瑪夏區達卡努瓦里'
		});
	});

	it('ignores what follows the address (對面, 旁邊) and the road word 大道', () => {
		expect(parseAddress('四維三路2號對面')).toMatchObject({ road: '四維三路', number: '2' });
		expect(parseAddress('中華大道100號')).toMatchObject({ road: '中華大道', number: '100' });
	});
});

describe('parseAddress: intersections', () => {
	it('reads every way of saying an intersection', () => {
		for (const text of [
			'大中一路與民族一路口',
			'大中一路和民族一路交叉口',
			'大中一路、民族一路口',
			'大中一路/民族一路口',
			'大中一路／民族一路路口',
			'大中一路與民族一路',
			'大中一路民族一路口',
			'大中一路跟民族一路交叉路口'
		]) {
			expect(parseAddress(text), text).toMatchObject({
				kind: 'intersection',
				roads: ['大中一路', '民族一路']
			});
		}
	});

	it('keeps the district and the sections of an intersection', () => {
		expect(parseAddress('高雄市左營區大中一路與民族一路口')).toMatchObject({
			kind: 'intersection',
			city: '高雄市',
			district: '左營區'
		});
		expect(parseAddress('中正路二段與中山路口').roads).toEqual(['中正路2段', '中山路']);
	});

	it('reads 和 as the start of 和平路, not as a separator, when the rest is no road', () => {
		expect(parseAddress('中山一路和平一路口').roads).toEqual(['中山一路', '和平一路']);
		expect(parseAddress('中正路和平路口').roads).toEqual(['中正路', '和平路']);
		expect(parseAddress('中正路和民族路口').roads).toEqual(['中正路', '民族路']);
	});
});

describe('parseAddress: text that is not an address', () => {
	it('passes landmarks through as unparsed', () => {
		for (const text of [
			'駁二藝術特區',
			'高雄車站',
			'85大樓',
			'夢時代',
			'美麗島站',
			'衛武營',
			'巨蛋',
			'愛河',
			'小港機場',
			'中山大學'
		]) {
			expect(parseAddress(text), text).toEqual({ kind: 'unparsed', raw: text });
		}
	});

	it('keeps a city or district it found in a landmark’s text', () => {
		expect(parseAddress('高雄市政府')).toEqual({
			kind: 'unparsed',
			city: '高雄市',
			raw: '高雄市政府'
		});
		expect(parseAddress('大寮區公所')).toMatchObject({ kind: 'unparsed', district: '大寮區' });
	});

	it('answers unparsed for empty and blank text', () => {
		expect(parseAddress('')).toEqual({ kind: 'unparsed', raw: '' });
		expect(parseAddress('   ')).toEqual({ kind: 'unparsed', raw: '   ' });
	});
});

describe('normalizeAddress', () => {
	it('gives one key for the same address said differently', () => {
		const key = normalizeAddress('苓雅區四維三路2號');
		expect(key).toBe('苓雅區四維三路2號');
		for (const text of [
			'高雄市苓雅區四維三路２號５樓',
			'高雄市 苓雅區 四維三路 2 號',
			'802台灣高雄市苓雅區四維三路2號B1',
			'高市苓雅區林西里四維三路二號',
			'苓雅區四維三路2號。'
		]) {
			expect(normalizeAddress(text), text).toBe(key);
		}
	});

	it('writes sections, lanes and 之-numbers one way', () => {
		expect(normalizeAddress('中正路二段100巷3弄12-3號')).toBe('中正路2段100巷3弄12之3號');
		expect(normalizeAddress('中正路２段100巷3弄12號之3')).toBe('中正路2段100巷3弄12之3號');
		expect(normalizeAddress('中山2路12號')).toBe(normalizeAddress('中山二路12號'));
	});

	it('reads the old county names as today’s districts', () => {
		expect(normalizeAddress('高雄縣鳳山市光遠路446號')).toBe('鳳山區光遠路446號');
	});

	it('gives an intersection the same key whichever road is said first', () => {
		const key = normalizeAddress('三民區大中一路與民族一路口');
		expect(normalizeAddress('三民區民族一路和大中一路交叉口')).toBe(key);
		expect(normalizeAddress('高雄市三民區民族一路/大中一路')).toBe(key);
		expect(key).toBe('三民區大中一路與民族一路口');
	});

	it('keeps a landmark’s text whole, folded', () => {
		expect(normalizeAddress('高雄市政府')).toBe('高雄市政府');
		expect(normalizeAddress(' ８５大樓 ')).toBe('85大樓');
		expect(normalizeAddress('台鐵美術館')).toBe(normalizeAddress('臺鐵美術館'));
		expect(normalizeAddress('高雄市大寮區公所')).toBe('大寮區公所');
	});

	it('is idempotent: a key normalises to itself', () => {
		for (const text of [
			'高雄市苓雅區四維三路２號５樓',
			'中正路二段100巷3弄12-3號',
			'民族一路和大中一路交叉口',
			'中山一路和平一路口',
			'高雄市政府',
			'苓雅區林西里',
			'高雄縣鳳山市光遠路446號',
			'旗津老街'
		]) {
			const key = normalizeAddress(text);
			expect(normalizeAddress(key), text).toBe(key);
		}
	});
});

describe('namesOneSpot', () => {
	it('is true for a house number, an intersection or a named place', () => {
		expect(namesOneSpot('苓雅區四維三路2號')).toBe(true);
		expect(namesOneSpot('大中一路與民族一路口')).toBe(true);
		expect(namesOneSpot('高雄市政府')).toBe(true);
	});

	it('is false for a whole road, district or village, and for nothing', () => {
		expect(namesOneSpot('四維三路')).toBe(false);
		expect(namesOneSpot('中正路2段')).toBe(false);
		expect(namesOneSpot('高雄市苓雅區')).toBe(false);
		expect(namesOneSpot('苓雅區林西里')).toBe(false);
		expect(namesOneSpot('')).toBe(false);
	});
});

describe('readNumber', () => {
	it('reads ASCII digits and Chinese numerals, positional or with units', () => {
		expect(readNumber('12')).toBe(12);
		expect(readNumber('十二')).toBe(12);
		expect(readNumber('二十')).toBe(20);
		expect(readNumber('一百零五')).toBe(105);
		expect(readNumber('一〇五')).toBe(105);
		expect(readNumber('兩')).toBe(2);
		expect(readNumber('路')).toBeNull();
		expect(readNumber('')).toBeNull();
	});
});
