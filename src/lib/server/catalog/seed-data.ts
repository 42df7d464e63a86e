/*
 * The dispatch catalog CityDesk starts with, modelled on Kaohsiung's public 1999 dispatch feed
 * (Sep 2016 – Aug 2017, 37,022 field cases; shared/reference/kaohsiung-1999-category-mix.csv).
 * Names in Chinese are the city's own, character for character, so that call takers and agencies
 * recognise them and cases map back to the feed.
 *
 * How the numbers were chosen:
 * - deadlineHours starts from the feed's p90 hours-to-release, taking the slower sub-queue of a
 *   merged pair, rounded up to a service level (4, 8, 24, 48, 72 h). The feed only saw cases that
 *   were released while it watched and long cases often left it first, so its p90 is a floor.
 * - Urgent hazards (live wires, gas, outages, flooding, fallen trees in typhoons, aggressive dogs)
 *   get 2–8 h whatever the feed says: there a late crew is an injury, not a complaint.
 * - 'office' deadlines count office hours only, assumed 8 a working day: the p90 in wall-clock
 *   days, rounded up to whole working days, times 8 (a 54.8 h p90 → 3 days → 24 h).
 * - Categories whose only queue in the feed is the (一) one get just that city queue: the city
 *   has a (二) twin we never saw, and inventing its name or owner would misroute county jobs.
 */

/** What sort of body owns a queue; district offices are generated from the district list. */
export type AgencyKind = 'bureau' | 'district_office' | 'utility';

/** An agency that owns category queues and crews. */
export interface AgencySeed {
	code: string;
	/** The short name the 1999 feed uses, e.g. 養工處 */
	nameZh: string;
	nameEn: string;
	kind: AgencyKind;
}

/** Kaohsiung City (市) and County (縣) merged in 2010; many queues still split along that line. */
export type FormerArea = 'city' | 'county';

/** One sub-queue of a category: who gets the job in which former area. */
export interface QueueSeed {
	/** 'all' when the city does not split this category by former area */
	formerArea: FormerArea | 'all';
	agencyCode: string;
	/** The city's own sub-queue name, e.g. 路燈故障(一) */
	nameZh: string;
}

/** A category call takers pick, with the defaults a new job inherits. */
export interface CategorySeed {
	/** UPPER_SNAKE ascii, stable, e.g. 'STREETLIGHT_OUT' */
	code: string;
	/** Without the (一)/(二) suffix or utility prefix, e.g. '路燈故障' */
	nameZh: string;
	nameEn: string;
	/** Extra words call takers type, zh-TW and English */
	synonyms: string[];
	/** 1 low, 2 normal, 3 high, 4 urgent (higher = more urgent) */
	defaultPriority: 1 | 2 | 3 | 4;
	/** Default deadline from filing, in hours of `calendar` */
	deadlineHours: number;
	/** '24x7' = wall clock; 'office' = counts only office hours (non-urgent bureau work) */
	calendar: '24x7' | 'office';
	emergency: boolean;
	/** Crew skill needed, lower_snake; null when any crew of the agency can do it */
	requiredSkill: string | null;
	/** 'district_office' = goes to the district office of the job's district */
	routing: 'former_area' | 'district_office';
	/** For routing 'district_office' an empty array */
	queues: QueueSeed[];
}

/** Every agency that owns a category in the feed, except the district offices. */
export const agencies: AgencySeed[] = [
	{
		code: 'MOPW',
		nameZh: '養工處',
		nameEn: 'Maintenance Office, Public Works Bureau',
		kind: 'bureau'
	},
	// The feed names a second 養工處 that only owns former-county (二) queues, several of them once
	// district-office work (公所-); it needs its own code because its queues are separate.
	{
		code: 'MOPW2',
		nameZh: '養工處2',
		nameEn: 'Maintenance Office, Public Works Bureau (former county section)',
		kind: 'bureau'
	},
	{ code: 'EPB', nameZh: '環保局', nameEn: 'Environmental Protection Bureau', kind: 'bureau' },
	{ code: 'TB', nameZh: '交通局', nameEn: 'Transportation Bureau', kind: 'bureau' },
	{
		code: 'WRB',
		nameZh: '水利局防洪維護科',
		nameEn: 'Flood Control Maintenance Section, Water Resources Bureau',
		kind: 'bureau'
	},
	{ code: 'APO', nameZh: '動物保護處', nameEn: 'Animal Protection Office', kind: 'bureau' },
	{ code: 'PWB', nameZh: '工務局', nameEn: 'Public Works Bureau', kind: 'bureau' },
	{ code: 'KPD', nameZh: '警察局', nameEn: 'Police Department', kind: 'bureau' },
	{ code: 'TOUR', nameZh: '觀光局', nameEn: 'Tourism Bureau', kind: 'bureau' },
	// The feed files the county pothole queue 路面坑洞(二) under it, and nothing else.
	{ code: 'CAB', nameZh: '民政局', nameEn: 'Civil Affairs Bureau', kind: 'bureau' },
	{ code: 'TPC', nameZh: '台電公司', nameEn: 'Taiwan Power Company', kind: 'utility' },
	{ code: 'TWC', nameZh: '自來水公司', nameEn: 'Taiwan Water Corporation', kind: 'utility' },
	{ code: 'CHT', nameZh: '中華電信公司', nameEn: 'Chunghwa Telecom', kind: 'utility' },
	{ code: 'SKG', nameZh: '欣高瓦斯', nameEn: 'Shin Kao Gas', kind: 'utility' }
];

/** The dispatch categories, grouped by owning agency, busiest first within each group. */
export const categories: CategorySeed[] = [
	// —— 養工處 Maintenance Office: lights, roads, trees, parks, sidewalks ——
	{
		code: 'STREETLIGHT_OUT',
		nameZh: '路燈故障',
		nameEn: 'Street light out',
		synonyms: ['路燈不亮', '路燈壞了', '路燈閃爍', 'street light', 'streetlight out', 'lamp out'],
		defaultPriority: 2,
		deadlineHours: 72, // p90 63.7 h city, 69.3 h county
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'electrical',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路燈故障(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW', nameZh: '養工-路燈故障(二)' }
		]
	},
	{
		code: 'STREETLIGHT_ON_DAYTIME',
		nameZh: '路燈白天未熄',
		nameEn: 'Street light on by day',
		synonyms: [
			'路燈白天亮',
			'路燈沒關',
			'白天開路燈',
			'street light on during day',
			'daytime lamp'
		],
		defaultPriority: 1,
		deadlineHours: 24, // p90 58.5 h city, 70.7 h county: 3 working days; wastes power, harms no one
		calendar: 'office',
		emergency: false,
		requiredSkill: 'electrical',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路燈白天未熄(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW', nameZh: '養工-路燈白天未熄(二)' }
		]
	},
	{
		code: 'POTHOLE',
		nameZh: '路面坑洞',
		nameEn: 'Pothole',
		synonyms: ['坑洞', '馬路有洞', '路面凹洞', '路面破損', 'pothole', 'hole in road'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 52.9 h city; the county queue released nothing in the feed
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路面坑洞(一)' },
			{ formerArea: 'county', agencyCode: 'CAB', nameZh: '路面坑洞(二)' }
		]
	},
	{
		code: 'FALLEN_TREE',
		nameZh: '路樹傾倒',
		nameEn: 'Fallen tree',
		synonyms: [
			'倒樹',
			'樹倒了',
			'斷枝',
			'樹枝掉落',
			'颱風倒樹',
			'fallen tree',
			'tree down',
			'branch down'
		],
		defaultPriority: 4,
		// Feed p90 45.7 h city, 44.2 h county, but typhoons drop them across roads: clear fast.
		deadlineHours: 4,
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'tree',
		routing: 'former_area',
		// The county also has 公所-路樹傾倒(二) under 養工處2 (4 cases against 555); the schema allows
		// one queue per former area, so the main one is kept.
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路樹傾倒(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW', nameZh: '養工-路樹傾倒(二)' }
		]
	},
	{
		code: 'PARK_FACILITY_DAMAGE',
		nameZh: '公園、綠地設施損毀',
		nameEn: 'Park facility damaged',
		synonyms: [
			'遊樂設施',
			'溜滑梯壞',
			'公園座椅',
			'涼亭',
			'playground',
			'park bench',
			'park equipment'
		],
		defaultPriority: 2,
		deadlineHours: 24, // p90 54.8 h city, 70.9 h county: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		// The county also has 公所-公園、綠地設施損毀(二) under 養工處2 (2 cases against 267).
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '公園、綠地設施損毀(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW', nameZh: '養工-公園、綠地設施損毀(二)' }
		]
	},
	{
		code: 'PARK_MESS_OCCUPATION',
		nameZh: '公園髒亂、佔用',
		nameEn: 'Park litter or occupation',
		synonyms: [
			'公園垃圾',
			'公園很髒',
			'公園被佔用',
			'公園堆放物品',
			'park litter',
			'park encroachment'
		],
		defaultPriority: 2,
		deadlineHours: 24, // p90 49.3 h city, 47.9 h county: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: 'cleaning',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '公園髒亂、佔用(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW', nameZh: '養工-公園髒亂、佔用(二)' }
		]
	},
	{
		code: 'SIDEWALK_DAMAGE',
		nameZh: '人行道破損',
		nameEn: 'Broken sidewalk',
		synonyms: ['人行道破', '人行道不平', '地磚破', '地磚翹起', 'sidewalk', 'broken pavement'],
		defaultPriority: 2,
		deadlineHours: 24, // p90 54.6 h: 3 working days; city queue only in the feed
		calendar: 'office',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '人行道破損(一)' }]
	},
	{
		code: 'SIDEWALK_FACILITY_DAMAGE',
		nameZh: '人行道設施損壞',
		nameEn: 'Sidewalk fixture damaged',
		synonyms: ['人行道欄杆', '車阻', '導盲磚', '人行道座椅', 'bollard', 'sidewalk railing'],
		defaultPriority: 2,
		deadlineHours: 24, // p90 53.6 h city, 66.0 h county: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		// The county also has 公所-人行道設施損壞(二) under 養工處2 (3 cases against 158).
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '人行道設施損壞(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW', nameZh: '養工-人行道設施損壞(二)' }
		]
	},
	{
		code: 'COUNTY_ROAD_DAMAGE',
		nameZh: '縣、鄉道破損',
		nameEn: 'County road damage',
		synonyms: [
			'縣道',
			'鄉道',
			'鄉道坑洞',
			'產業道路',
			'county road',
			'township road',
			'road damage'
		],
		defaultPriority: 3,
		deadlineHours: 72, // p90 54.2 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'MOPW', nameZh: '縣、鄉道破損' }]
	},
	{
		code: 'PROVINCIAL_ROAD_DAMAGE',
		nameZh: '省道破損',
		nameEn: 'Provincial highway damage',
		synonyms: ['省道', '省道坑洞', '台一線', 'provincial highway', 'highway damage'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 57.7 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'MOPW', nameZh: '省道破損' }]
	},
	{
		code: 'ROAD_SUBSIDENCE',
		nameZh: '路面下陷',
		nameEn: 'Sunken road',
		synonyms: ['路面凹陷', '地面下沉', '馬路下沉', 'road sinking', 'subsidence', 'dip in road'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 48.5 h city, 31.8 h county
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路面下陷(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW2', nameZh: '路面下陷(二)' }
		]
	},
	{
		code: 'ROAD_COLLAPSE',
		nameZh: '路面塌陷',
		nameEn: 'Road collapse',
		synonyms: ['天坑', '道路塌陷', '馬路塌了', 'sinkhole', 'road collapse', 'cave-in'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 49.3 h city, median 32 h: the city runs it as road repair
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路面塌陷(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW2', nameZh: '路面塌陷(二)' }
		]
	},
	{
		code: 'ROAD_VOID',
		nameZh: '路面掏空',
		nameEn: 'Hollow under road',
		synonyms: ['路基掏空', '地下掏空', '路面底下空了', 'void under road', 'road washout'],
		defaultPriority: 3,
		deadlineHours: 48, // p90 27.1 h; city queue only in the feed
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'road',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '路面掏空(一)' }]
	},
	{
		code: 'MEDIAN_WEEDS',
		nameZh: '安全島雜草叢生',
		nameEn: 'Overgrown median',
		synonyms: [
			'安全島草太高',
			'分隔島雜草',
			'除草',
			'median weeds',
			'overgrown median',
			'grass cutting'
		],
		defaultPriority: 1,
		deadlineHours: 24, // p90 56.1 h city: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: 'tree', // the greenery crews that cut trees also mow medians
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'MOPW', nameZh: '安全島雜草叢生(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW2', nameZh: '安全島雜草叢生(二)' }
		]
	},
	{
		code: 'ROADWORKS_REPORT',
		nameZh: '管道(工程通報)',
		nameEn: 'Road works report',
		synonyms: [
			'挖馬路',
			'道路施工',
			'管線施工',
			'路挖',
			'road works',
			'utility works',
			'excavation'
		],
		defaultPriority: 2,
		deadlineHours: 72, // p90 52.8 h; 24x7 because works left open in a road can be a hazard
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'MOPW', nameZh: '管道(工程通報)' }]
	},

	// —— 環保局 Environmental Protection Bureau: cleaning crews and inspectors ——
	{
		code: 'LITTER_CLEANUP',
		nameZh: '髒亂清除',
		nameEn: 'Litter cleanup',
		synonyms: ['垃圾堆', '亂丟垃圾', '髒亂', '動物屍體', 'litter', 'dumping', 'dead animal'],
		defaultPriority: 2,
		deadlineHours: 48, // p90 43.8 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'cleaning',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '髒亂清除' }]
	},
	{
		code: 'GARBAGE_COLLECTION',
		nameZh: '垃圾清運',
		nameEn: 'Garbage collection',
		synonyms: [
			'垃圾車',
			'垃圾沒收',
			'大型垃圾',
			'大型家具',
			'garbage truck',
			'trash pickup',
			'bulky waste'
		],
		defaultPriority: 2,
		deadlineHours: 48, // p90 44.4 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'cleaning',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '垃圾清運' }]
	},
	{
		code: 'AIR_POLLUTION',
		nameZh: '空氣污染',
		nameEn: 'Air pollution',
		synonyms: ['臭味', '異味', '黑煙', '露天燃燒', '燒稻草', 'smell', 'smoke', 'open burning'],
		defaultPriority: 2,
		// p90 39.7 h. An inspection: 24x7 because smoke and smells must be caught while they last.
		deadlineHours: 48,
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'inspection',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '空氣污染' }]
	},
	{
		code: 'NOISE',
		nameZh: '噪音',
		nameEn: 'Noise',
		synonyms: [
			'太吵',
			'施工噪音',
			'工地噪音',
			'噪音擾人',
			'loud',
			'noise complaint',
			'construction noise'
		],
		defaultPriority: 2,
		deadlineHours: 48, // p90 37.1 h; an inspection, measured while the noise lasts, often at night
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'inspection',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '噪音' }]
	},
	{
		code: 'IDLING_VEHICLE',
		nameZh: '怠速',
		nameEn: 'Idling vehicle',
		synonyms: ['停車怠速', '車子不熄火', '遊覽車怠速', 'idling', 'engine running'],
		defaultPriority: 2,
		deadlineHours: 48, // p90 33.3 h; an inspection like noise and air pollution
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'inspection',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '怠速' }]
	},
	{
		code: 'ROAD_OIL_SPILL',
		nameZh: '路面油漬',
		nameEn: 'Oil on road',
		synonyms: ['路面油污', '漏油', '機油', '路面很滑', 'oil spill', 'slippery road'],
		defaultPriority: 3, // scooters skid on it
		deadlineHours: 48, // p90 45.1 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'cleaning',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '路面油漬' }]
	},
	{
		code: 'SMALL_ADS_FLAGS',
		nameZh: '小廣告、旗幟',
		nameEn: 'Small ads and flags',
		synonyms: ['違規廣告', '電線桿廣告', '廣告旗', '插旗', 'flyers', 'illegal ads', 'flags'],
		defaultPriority: 1,
		deadlineHours: 24, // p90 52.9 h: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: 'cleaning',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'EPB', nameZh: '小廣告、旗幟' }]
	},

	// —— 交通局 Transportation Bureau ——
	{
		code: 'TRAFFIC_SIGNAL_FAULT',
		nameZh: '號誌故障',
		nameEn: 'Traffic signal fault',
		synonyms: ['紅綠燈壞了', '紅綠燈不亮', '號誌不亮', '燈號故障', 'traffic light', 'signal out'],
		defaultPriority: 3,
		deadlineHours: 48, // p90 46.8 h, median 18.6 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'traffic_signal',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TB', nameZh: '號誌故障' }]
	},
	{
		code: 'SIGNAL_TIMING',
		nameZh: '號誌秒差調整',
		nameEn: 'Signal timing adjustment',
		synonyms: [
			'紅燈太久',
			'綠燈太短',
			'秒數調整',
			'號誌秒數',
			'signal timing',
			'red light too long'
		],
		defaultPriority: 2,
		deadlineHours: 16, // p90 42.1 h: 2 working days; a timing plan change is desk work
		calendar: 'office',
		emergency: false,
		requiredSkill: 'traffic_signal',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TB', nameZh: '號誌秒差調整' }]
	},

	// —— 水利局防洪維護科 Water Resources Bureau: drains, sewers, flooding ——
	{
		code: 'STORM_FLOODING',
		nameZh: '暴雨積水',
		nameEn: 'Flooding',
		synonyms: [
			'淹水',
			'積水',
			'水淹',
			'颱風淹水',
			'排水不良',
			'flooding',
			'flood',
			'standing water'
		],
		defaultPriority: 4,
		deadlineHours: 4, // p90 27.5 h city, 3.7 h county; a typhoon hazard, pumps go out now
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'drainage',
		routing: 'former_area',
		queues: [
			{ formerArea: 'city', agencyCode: 'WRB', nameZh: '暴雨積水(一)' },
			{ formerArea: 'county', agencyCode: 'MOPW2', nameZh: '暴雨積水(二)' }
		]
	},
	{
		code: 'UNDERPASS_FLOODING',
		nameZh: '地下道、路面積水',
		nameEn: 'Underpass flooding',
		synonyms: ['地下道淹水', '涵洞積水', '路面積水', 'underpass flooding', 'flooded road'],
		defaultPriority: 4,
		deadlineHours: 2, // p90 29.0 h; drivers drown in flooded underpasses, so shorter than 暴雨積水
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'drainage',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'WRB', nameZh: '地下道、路面積水(一)' }]
	},
	{
		code: 'DRAIN_COVER_BROKEN',
		nameZh: '溝蓋破損',
		nameEn: 'Broken drain cover',
		synonyms: [
			'水溝蓋破',
			'水溝蓋壞了',
			'水溝蓋不見',
			'drain cover',
			'broken grate',
			'gutter cover'
		],
		defaultPriority: 3,
		deadlineHours: 72, // p90 56.1 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'drainage',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'WRB', nameZh: '溝蓋破損(一)' }]
	},
	{
		code: 'DRAIN_COVER_LOOSE',
		nameZh: '人孔、溝蓋鬆動',
		nameEn: 'Loose manhole or drain cover',
		synonyms: ['水溝蓋鬆', '人孔蓋會響', '蓋子會動', 'loose drain cover', 'rattling manhole'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 55.5 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'drainage',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'WRB', nameZh: '人孔、溝蓋鬆動(一)' }]
	},
	{
		code: 'MANHOLE_SUNKEN',
		nameZh: '人孔蓋凹陷坑洞',
		nameEn: 'Sunken manhole',
		synonyms: ['人孔蓋凹陷', '人孔蓋下陷', '人孔旁坑洞', 'sunken manhole', 'manhole pothole'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 54.0 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'drainage',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'WRB', nameZh: '人孔蓋凹陷坑洞(一)' }]
	},
	{
		code: 'SEWER_BLOCKED',
		nameZh: '污水管阻塞',
		nameEn: 'Blocked sewer',
		synonyms: ['污水倒灌', '污水管堵塞', '污水溢出', '水溝很臭', 'sewer', 'sewage backup'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 50.7 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'drainage',
		routing: 'former_area',
		queues: [{ formerArea: 'city', agencyCode: 'WRB', nameZh: '污水管阻塞(一)' }]
	},

	// —— 動物保護處 Animal Protection Office ——
	{
		code: 'AGGRESSIVE_STRAY_DOG',
		nameZh: '攻擊性流浪犬捕捉',
		nameEn: 'Aggressive stray dog',
		synonyms: [
			'流浪狗',
			'野狗',
			'狗咬人',
			'狗追車',
			'兇狗',
			'stray dog',
			'dog bite',
			'aggressive dog'
		],
		defaultPriority: 4,
		deadlineHours: 4, // p90 45.1 h, but a dog that bites will bite again
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'animal',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'APO', nameZh: '攻擊性流浪犬捕捉' }]
	},
	{
		code: 'AGGRESSIVE_DOG_OR_INJURED_ANIMAL',
		nameZh: '攻擊性流浪犬捕捉、動物受傷',
		nameEn: 'Aggressive dog or injured animal',
		synonyms: ['受傷動物', '狗受傷', '貓受傷', '動物被撞', 'injured animal', 'injured dog'],
		defaultPriority: 4,
		deadlineHours: 4, // p90 4.3 h, median 2.4 h
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'animal',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'APO', nameZh: '攻擊性流浪犬捕捉、動物受傷' }]
	},
	{
		code: 'ANIMAL_TRAPPED',
		nameZh: '動物受困',
		nameEn: 'Trapped animal',
		synonyms: ['動物卡住', '貓卡住', '狗掉進水溝', '受困動物', 'trapped animal', 'cat stuck'],
		defaultPriority: 3,
		deadlineHours: 8, // nothing released in the feed; a trapped animal does not last days
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'animal',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'APO', nameZh: '動物受困' }]
	},

	// —— 工務局 Public Works Bureau: utility lines, the city broadband conduit, manholes ——
	{
		code: 'UTILITY_LINE_PROBLEM',
		nameZh: '管線問題',
		nameEn: 'Utility line problem',
		synonyms: ['管線', '纜線雜亂', '纜線垂落', 'utility lines', 'overhead cables'],
		defaultPriority: 2,
		deadlineHours: 72, // p90 49.5 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '管線問題' }]
	},
	{
		code: 'BROADBAND_LINE_DAMAGE',
		nameZh: '寬頻管線破損',
		nameEn: 'Broadband cable damaged',
		synonyms: ['網路線斷', '光纖斷', '寬頻線掉落', 'broadband cable', 'fiber cut'],
		defaultPriority: 3,
		deadlineHours: 4, // p90 1.2 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'telecom',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '寬頻管線破損' }]
	},
	{
		code: 'BROADBAND_COVER_DAMAGE',
		nameZh: '寬頻孔蓋鬆動破損',
		nameEn: 'Broadband cover loose or broken',
		synonyms: ['寬頻孔蓋', '寬頻人孔', '寬頻孔蓋鬆', 'broadband manhole', 'broadband cover'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 50.4 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '寬頻孔蓋鬆動破損' }]
	},
	{
		code: 'BROADBAND_COVER_POTHOLE',
		nameZh: '寬頻孔蓋坑洞',
		nameEn: 'Pothole at broadband cover',
		synonyms: ['寬頻孔蓋凹陷', '寬頻孔蓋旁坑洞', 'broadband cover pothole'],
		defaultPriority: 3,
		deadlineHours: 24, // p90 21.6 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '寬頻孔蓋坑洞' }]
	},
	{
		code: 'MANHOLE_COVER_LOOSE',
		nameZh: '人孔蓋鬆動',
		nameEn: 'Loose manhole cover',
		synonyms: ['人孔蓋鬆', '孔蓋會響', '孔蓋鬆脫', 'manhole cover', 'loose manhole'],
		defaultPriority: 3,
		deadlineHours: 48, // p90 46.8 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '人孔蓋鬆動' }]
	},
	{
		code: 'HANDHOLE_SUNKEN',
		nameZh: '人手孔凹陷',
		nameEn: 'Sunken manhole or handhole',
		synonyms: ['手孔凹陷', '人手孔下陷', '孔蓋凹陷', 'handhole', 'sunken cover'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 50.6 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '人手孔凹陷' }]
	},
	{
		code: 'HANDHOLE_BROKEN',
		nameZh: '人手孔破損',
		nameEn: 'Broken manhole or handhole',
		synonyms: ['手孔蓋破', '孔蓋破損', '孔蓋不見', 'broken manhole', 'broken handhole'],
		defaultPriority: 3,
		deadlineHours: 48, // p90 25.7 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'PWB', nameZh: '人手孔破損' }]
	},

	// —— 警察局 Police Department: p50 under an hour, patrols go at once ——
	{
		code: 'ILLEGAL_PARKING',
		nameZh: '違規停車',
		nameEn: 'Illegal parking',
		synonyms: ['違停', '亂停車', '擋住車庫', '紅線停車', 'illegal parking', 'blocked driveway'],
		defaultPriority: 2,
		deadlineHours: 8, // p90 6.9 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'KPD', nameZh: '違規停車' }]
	},
	{
		code: 'ROAD_OBSTRUCTION',
		nameZh: '佔用道路',
		nameEn: 'Road obstruction',
		synonyms: ['佔用騎樓', '路霸', '擺攤佔道', '佔道', 'road obstruction', 'encroachment'],
		defaultPriority: 2,
		deadlineHours: 4, // p90 2.3 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'KPD', nameZh: '佔用道路' }]
	},
	{
		code: 'URGENT_HAZARD_REMOVAL',
		nameZh: '急迫危害立即排除',
		nameEn: 'Urgent hazard removal',
		synonyms: [
			'路上掉落物',
			'路中障礙物',
			'馬路有東西',
			'road debris',
			'hazard',
			'obstacle on road'
		],
		defaultPriority: 4,
		deadlineHours: 2, // p90 1.7 h
		calendar: '24x7',
		emergency: true,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'KPD', nameZh: '急迫危害立即排除' }]
	},
	{
		code: 'DISTURBING_THE_PEACE',
		nameZh: '妨害安寧',
		nameEn: 'Disturbing the peace',
		synonyms: ['大聲喧嘩', '深夜吵鬧', '飆車', '卡拉OK太吵', 'loud party', 'street racing'],
		defaultPriority: 3,
		// p90 17.3 h, but the median is 0.4 h: a patrol must come while the disturbance lasts.
		deadlineHours: 4,
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'KPD', nameZh: '妨害安寧' }]
	},
	{
		code: 'TRAFFIC_CONTROL',
		nameZh: '交通疏導',
		nameEn: 'Traffic control',
		synonyms: ['塞車', '指揮交通', '交通管制', 'traffic jam', 'direct traffic'],
		defaultPriority: 3,
		deadlineHours: 2, // p90 0.7 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'KPD', nameZh: '交通疏導' }]
	},

	// —— 觀光局 Tourism Bureau ——
	{
		code: 'SCENIC_AREA_HAZARD',
		nameZh: '風景區設備損壞有立即危險者',
		nameEn: 'Dangerous scenic area facility',
		synonyms: ['景點設施損壞', '步道損壞', '欄杆斷裂', '棧道破損', 'scenic area', 'broken railing'],
		defaultPriority: 4,
		// p90 54.5 h, but the city only files here when the damage is an immediate danger.
		deadlineHours: 8,
		calendar: '24x7',
		emergency: true,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TOUR', nameZh: '風景區設備損壞有立即危險者' }]
	},
	{
		code: 'SCENIC_AREA_LITTER',
		nameZh: '風景區髒亂',
		nameEn: 'Scenic area litter',
		synonyms: ['景點垃圾', '海灘垃圾', '風景區垃圾', 'scenic area litter', 'beach litter'],
		defaultPriority: 2,
		deadlineHours: 24, // p90 53.5 h: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: 'cleaning',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TOUR', nameZh: '風景區髒亂' }]
	},

	// —— 台電公司 Taiwan Power Company ——
	{
		code: 'POWER_OUTAGE',
		nameZh: '停電',
		nameEn: 'Power outage',
		synonyms: ['沒電', '跳電', '整排停電', '停電了', 'power outage', 'blackout', 'no power'],
		defaultPriority: 4,
		deadlineHours: 4, // p90 22.3 h, median 0.7 h; also a typhoon hazard
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'power',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '停電' }]
	},
	{
		code: 'POWER_LINE_DOWN',
		nameZh: '電線掉落',
		nameEn: 'Fallen power line',
		synonyms: ['電線斷了', '電線垂落', '電線掉下來', '電纜掉落', 'power line down', 'live wire'],
		defaultPriority: 4,
		deadlineHours: 2, // p90 48.4 h, but a fallen live wire can kill
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'power',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '電線掉落' }]
	},
	{
		code: 'ELECTRICAL_LEAKAGE',
		nameZh: '漏電',
		nameEn: 'Electrical leakage',
		synonyms: ['被電到', '觸電', '電桿漏電', '路燈桿漏電', 'electric shock', 'stray voltage'],
		defaultPriority: 4,
		deadlineHours: 4, // p90 48.8 h, but whoever touches it is shocked
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'power',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '漏電' }]
	},
	{
		code: 'TRANSFORMER_NOISE',
		nameZh: '變壓器有聲音',
		nameEn: 'Noisy transformer',
		synonyms: ['變壓器異音', '變電箱有聲音', '嗡嗡聲', '變壓器', 'transformer noise', 'humming'],
		defaultPriority: 2,
		deadlineHours: 72, // p90 58.2 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'power',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '變壓器有聲音' }]
	},
	{
		code: 'TPC_COVER_LOOSE',
		nameZh: '孔蓋鬆動',
		nameEn: 'Loose Taipower cover',
		synonyms: ['台電孔蓋', '台電人孔', '台電孔蓋鬆', 'Taipower manhole', 'loose cover'],
		defaultPriority: 3,
		deadlineHours: 72, // p90 60.8 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '台電-孔蓋鬆動' }]
	},
	{
		code: 'TPC_COVER_SUBSIDENCE',
		nameZh: '孔蓋路面下陷',
		nameEn: 'Road sunk at Taipower cover',
		synonyms: ['台電孔蓋下陷', '台電孔蓋凹陷', 'Taipower cover sunken'],
		defaultPriority: 3,
		deadlineHours: 48, // p90 43.7 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '台電-孔蓋路面下陷' }]
	},
	{
		code: 'TPC_TRENCH_PATCH',
		nameZh: '路面填補不實',
		nameEn: 'Poor Taipower trench patch',
		synonyms: ['台電挖路', '台電回填不實', '台電補路不平', 'Taipower trench', 'bad patch'],
		defaultPriority: 2,
		deadlineHours: 72, // p90 49.3 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TPC', nameZh: '台電-路面填補不實' }]
	},

	// —— 中華電信公司 Chunghwa Telecom: few cases, all released within 2 h ——
	{
		code: 'CHT_COVER_LOOSE',
		nameZh: '孔蓋鬆動',
		nameEn: 'Loose Chunghwa Telecom cover',
		synonyms: ['電信孔蓋', '中華電信人孔', '電信孔蓋鬆', 'telecom manhole', 'loose cover'],
		defaultPriority: 3,
		deadlineHours: 4, // p90 1.4 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'CHT', nameZh: '中華-孔蓋鬆動' }]
	},
	{
		code: 'CHT_COVER_SUBSIDENCE',
		nameZh: '孔蓋路面下陷',
		nameEn: 'Road sunk at Chunghwa Telecom cover',
		synonyms: ['電信孔蓋下陷', '電信孔蓋凹陷', 'telecom cover sunken'],
		defaultPriority: 3,
		deadlineHours: 4, // p90 1.2 h (one case)
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'CHT', nameZh: '中華-孔蓋路面下陷' }]
	},
	{
		code: 'CHT_TRENCH_PATCH',
		nameZh: '路面填補不實',
		nameEn: 'Poor Chunghwa Telecom trench patch',
		synonyms: ['電信挖路', '電信回填不實', '電信補路不平', 'telecom trench', 'bad patch'],
		defaultPriority: 2,
		deadlineHours: 4, // p90 0.6 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'CHT', nameZh: '中華-路面填補不實' }]
	},

	// —— 欣高瓦斯 Shin Kao Gas ——
	{
		code: 'GAS_LEAK',
		nameZh: '瓦斯外洩',
		nameEn: 'Gas leak',
		synonyms: ['瓦斯味', '瓦斯漏', '天然氣外洩', '瓦斯管破', 'gas leak', 'gas smell'],
		defaultPriority: 4,
		deadlineHours: 2, // one case in the feed (5.8 h); a leak can explode
		calendar: '24x7',
		emergency: true,
		requiredSkill: 'gas',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'SKG', nameZh: '瓦斯外洩' }]
	},
	{
		code: 'SKG_TRENCH_PATCH',
		nameZh: '路面填補不實',
		nameEn: 'Poor gas trench patch',
		synonyms: ['瓦斯挖路', '瓦斯管線回填', '瓦斯補路不平', 'gas trench', 'bad patch'],
		defaultPriority: 2,
		deadlineHours: 4, // p90 0.4 h (one case)
		calendar: '24x7',
		emergency: false,
		requiredSkill: null,
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'SKG', nameZh: '欣高-路面填補不實' }]
	},

	// —— 自來水公司 Taiwan Water ——
	{
		code: 'WATER_PIPE_REPAIR',
		nameZh: '檢修管線',
		nameEn: 'Water pipe repair',
		synonyms: [
			'水管破裂',
			'自來水漏水',
			'馬路冒水',
			'水管爆裂',
			'water main',
			'burst pipe',
			'water leak'
		],
		defaultPriority: 2,
		deadlineHours: 24, // p90 12.4 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'water_main',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TWC', nameZh: '檢修管線' }]
	},
	{
		code: 'WATER_OUTAGE',
		nameZh: '停水',
		nameEn: 'Water outage',
		synonyms: ['沒水', '停水了', '水壓太低', '水很小', 'no water', 'low water pressure'],
		defaultPriority: 3,
		deadlineHours: 4, // p90 1.2 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'water_main',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TWC', nameZh: '停水' }]
	},
	{
		code: 'HYDRANT_LEAK',
		nameZh: '消防栓漏水',
		nameEn: 'Leaking hydrant',
		synonyms: ['消防栓', '消防栓噴水', '消防栓壞了', 'fire hydrant', 'hydrant leak'],
		defaultPriority: 3,
		deadlineHours: 4, // p90 2.2 h
		calendar: '24x7',
		emergency: false,
		requiredSkill: 'water_main',
		routing: 'former_area',
		queues: [{ formerArea: 'all', agencyCode: 'TWC', nameZh: '消防栓漏水' }]
	},

	// —— 區公所 District offices: the feed files these with no category, only the office ——
	{
		code: 'DISTRICT_OFFICE_MATTER',
		nameZh: '區公所轄管事項',
		nameEn: 'District office matter',
		synonyms: ['區公所', '公所', '里長', '里辦公處', 'district office', 'local matter'],
		defaultPriority: 2,
		deadlineHours: 24, // p90 per office 2–71 h: 3 working days
		calendar: 'office',
		emergency: false,
		requiredSkill: null,
		routing: 'district_office',
		queues: []
	}
];
