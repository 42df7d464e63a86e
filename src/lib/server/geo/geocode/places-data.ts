/**
 * The gazetteer: Kaohsiung MRT and Circular Light Rail stations and a dozen landmarks callers
 * name instead of an address.
 *
 * Station codes, names (as renamed in 2024, with the old names kept as aliases) and positions
 * are the published station list of the Ministry of Transportation's TDX platform (KRTC and
 * KLRT); landmark positions are the building or, for the river and the pond, a point on the
 * water, to within about 100 m.
 */

/** One named place as seeded into `places`. */
export interface PlaceSeed {
	id: string;
	kind: 'mrt' | 'lrt' | 'landmark';
	nameZh: string;
	nameEn: string;
	aliases: string[];
	lon: number;
	lat: number;
}

type StationRow = [
	id: string,
	nameZh: string,
	nameEn: string,
	lon: number,
	lat: number,
	aliases?: string[]
];

// Red line R3 (小港) to RK1 (岡山車站), then the Orange line O1 (哈瑪星) to OT1 (大寮).
const mrt: StationRow[] = [
	['R3', '小港', 'Siaogang', 120.353808, 22.56478],
	['R4', '高雄國際機場', 'Kaohsiung International Airport', 120.341772, 22.570166],
	['R4A', '草衙', 'Caoya', 120.328569, 22.580354],
	['R5', '前鎮高中', 'Cianjhen Senior High School', 120.321686, 22.588482],
	['R6', '凱旋', 'Kaisyuan', 120.315119, 22.596764],
	['R7', '獅甲', 'Shihjia', 120.308079, 22.606047],
	['R8', '三多商圈', 'Sanduo Shopping District', 120.304588, 22.61398],
	['R9', '中央公園', 'Central Park', 120.301212, 22.624839],
	['R10', '美麗島', 'Formosa Boulevard', 120.301994, 22.631393, ['光之穹頂']],
	['R11', '高雄車站', 'Kaohsiung Main Station', 120.302703, 22.639694],
	['R12', '後驛', 'Houyi', 120.303413, 22.648495],
	['R13', '凹子底', 'Aozihdi', 120.303239, 22.657268],
	['R14', '巨蛋', 'Kaohsiung Arena', 120.30336, 22.666158],
	['R15', '生態園區', 'Ecological District', 120.306619, 22.676686],
	[
		'R16',
		'左營',
		'Zuoying',
		120.308887,
		22.688376,
		['高鐵左營站', '左營高鐵站', '新左營', '新左營站', '新左營車站', '新左營火車站']
	],
	['R17', '世運', 'World Games', 120.302531, 22.701841],
	['R18', '油廠國小', 'Oil Refinery Elementary School', 120.302323, 22.708872],
	[
		'R19',
		'楠梓科技園區',
		'Nanzih Technology Industrial Park',
		120.307242,
		22.718651,
		['楠梓加工區站']
	],
	['R20', '後勁', 'Houjing', 120.31637, 22.722324],
	['R21', '都會公園', 'Metropolitan Park', 120.321014, 22.729529, ['高雄都會公園']],
	['R22', '青埔', 'Cingpu', 120.317795, 22.744345],
	['R22A', '橋頭糖廠', 'Ciaotou Sugar Refinery', 120.314698, 22.75316],
	['R23', '橋頭火車站', 'Ciaotou Station', 120.310976, 22.760249],
	[
		'R24',
		'岡山高醫',
		'Gangshan KMU Hospital',
		120.30188,
		22.780642,
		['南岡山', '南岡山站', '捷運南岡山站']
	],
	['RK1', '岡山車站', 'Gangshan Station', 120.29923, 22.79245, ['岡山火車站']],
	['O1', '哈瑪星', 'Hamasen', 120.274508, 22.621492, ['西子灣站', '捷運西子灣站']],
	['O2', '鹽埕埔', 'Yanchengpu', 120.283777, 22.623501],
	['O4', '前金', 'Cianjin', 120.294766, 22.628933, ['市議會站', '捷運市議會站']],
	['O5', '美麗島', 'Formosa Boulevard', 120.303254, 22.631278],
	['O6', '信義國小', 'Sinyi Elementary School', 120.311391, 22.630675],
	['O7', '文化中心', 'Cultural Center', 120.317632, 22.630224],
	['O8', '五塊厝', 'Wukuaicuo', 120.327731, 22.629413],
	['O9', '苓雅運動園區', 'Lingya Sports Park', 120.334651, 22.6272, ['技擊館', '技擊館站']],
	['O10', '衛武營', 'Weiwuying', 120.341045, 22.625055],
	['O11', '鳳山西', 'Fongshan West', 120.348118, 22.625273],
	['O12', '鳳山', 'Fongshan', 120.355166, 22.625953],
	['O13', '大東', 'Dadong', 120.363497, 22.625178],
	['O14', '鳳山國中', 'Fongshan Junior High School', 120.371331, 22.62466],
	['OT1', '大寮', 'Daliao', 120.390528, 22.622122]
];

// The Circular Light Rail, C1 (籬仔內) round to C37 (輕軌機廠); C21A lies between C20 and C21.
const lrt: StationRow[] = [
	['C1', '籬仔內', 'Lizihnei', 120.324651, 22.604625],
	['C2', '凱旋瑞田', 'Kaisyuan Rueitian', 120.319799, 22.599533],
	['C3', '前鎮之星', 'Cianjhen Star', 120.315322, 22.595573],
	['C4', '凱旋中華', 'Kaisyuan Jhonghua', 120.310517, 22.593656],
	['C5', '夢時代', 'Dream Mall', 120.305004, 22.594886],
	['C6', '經貿園區', 'Commerce and Trade Park', 120.302593, 22.600988],
	['C7', '軟體園區', 'Software Technology Park', 120.300832, 22.605684],
	['C8', '高雄展覽館', 'Kaohsiung Exhibition Center', 120.298022, 22.610133],
	['C9', '旅運中心', 'Cruise Terminal', 120.293424, 22.611587],
	['C10', '光榮碼頭', 'Glory Pier', 120.293234, 22.616805],
	['C11', '真愛碼頭', 'Love Pier', 120.289466, 22.619315],
	['C12', '駁二大義', 'Dayi Pier-2', 120.284204, 22.618562],
	['C13', '駁二蓬萊', 'Penglai Pier-2', 120.279923, 22.6205],
	['C14', '哈瑪星', 'Hamasen', 120.275849, 22.621617],
	['C15', '壽山公園', 'Shoushan Park', 120.278651, 22.626476],
	['C16', '文武聖殿', 'Wenwu Temple', 120.2807, 22.62959],
	['C17', '鼓山區公所', 'Gushan District Office', 120.282617, 22.635964],
	['C18', '鼓山', 'Gushan', 120.281067, 22.642037],
	['C19', '馬卡道', 'Makadao', 120.281417, 22.647089],
	['C20', '臺鐵美術館', 'TRA Museum of Fine Arts', 120.281736, 22.652014],
	['C21A', '內惟藝術中心', 'Neiwei Arts Center', 120.282886, 22.654842],
	['C21', '美術館', 'Kaohsiung Museum of Fine Arts', 120.287437, 22.655026],
	['C22', '聯合醫院', 'Kaohsiung Municipal United Hospital', 120.290916, 22.654781],
	['C23', '龍華國小', 'Longhua Elementary School', 120.295042, 22.654493],
	['C24', '愛河之心', 'Heart of Love River', 120.302817, 22.656054],
	['C25', '新上國小', 'Sinshang Elementary School', 120.3083, 22.6567],
	['C26', '大順民族', 'Dashun Minzu', 120.3149, 22.6556],
	['C27', '灣仔內', 'Wanzihnei', 120.3185, 22.6538, ['大順鼎山']],
	['C28', '高雄高工', 'Kaohsiung Industrial High School', 120.32403, 22.649804],
	['C29', '樹德家商', 'Shu-Te Home Economics and Commercial High School', 120.3262, 22.6442],
	['C30', '科工館', 'Science and Technology Museum', 120.3274, 22.6375],
	['C31', '聖功醫院', 'St. Joseph Hospital', 120.325736, 22.633321],
	['C32', '凱旋公園', 'Kaisyuan Park', 120.322785, 22.629433],
	['C33', '衛生局', 'Department of Health', 120.323656, 22.625183],
	['C34', '五權國小', 'Wucyuan Elementary School', 120.32517, 22.621199],
	['C35', '凱旋武昌', 'Kaisyuan Wuchang', 120.326828, 22.616902],
	['C36', '凱旋二聖', 'Kaisyuan Ersheng', 120.327143, 22.612546],
	['C37', '輕軌機廠', 'LRT Depot', 120.326018, 22.608523]
];

/** A station is said with or without 站, and with its system in front. */
function station(kind: 'mrt' | 'lrt', row: StationRow): PlaceSeed {
	const [id, nameZh, nameEn, lon, lat, extra = []] = row;
	const system = kind === 'mrt' ? '捷運' : '輕軌';
	// 橋頭火車站 and 岡山車站 already end in 站.
	const said = nameZh.endsWith('站') ? nameZh : `${nameZh}站`;
	const aliases = [said, `${system}${said}`, `${system}${nameZh}`, ...extra];
	return {
		id,
		kind,
		nameZh,
		nameEn,
		aliases: [...new Set(aliases)].filter((a) => a !== nameZh),
		lon,
		lat
	};
}

const landmarks: PlaceSeed[] = [
	{
		id: 'city-hall',
		nameZh: '高雄市政府',
		nameEn: 'Kaohsiung City Government (Sihwei Administration Center)',
		aliases: ['高雄市政府四維行政中心', '四維行政中心', '市政府', '市府', '高市府'],
		lon: 120.312,
		lat: 22.6204
	},
	{
		id: 'pier-2',
		nameZh: '駁二藝術特區',
		nameEn: 'The Pier-2 Art Center',
		aliases: ['駁二', '駁二特區'],
		lon: 120.282,
		lat: 22.6199
	},
	{
		id: 'dream-mall',
		nameZh: '夢時代購物中心',
		nameEn: 'Dream Mall',
		aliases: ['夢時代', '統一夢時代'],
		lon: 120.3068,
		lat: 22.5951
	},
	{
		id: 'kaohsiung-station',
		nameZh: '高雄車站',
		nameEn: 'Kaohsiung Station (TRA)',
		aliases: ['高雄火車站', '火車站', '臺鐵高雄站'],
		lon: 120.3025,
		lat: 22.6395
	},
	{
		id: 'airport',
		nameZh: '高雄國際機場',
		nameEn: 'Kaohsiung International Airport',
		aliases: ['小港機場', '小港國際機場', '高雄機場'],
		lon: 120.3425,
		lat: 22.57
	},
	{
		id: 'sky-tower-85',
		nameZh: '高雄85大樓',
		nameEn: '85 Sky Tower',
		aliases: ['85大樓', '八五大樓', '東帝士85國際廣場'],
		lon: 120.3,
		lat: 22.6117
	},
	{
		id: 'love-river',
		nameZh: '愛河',
		nameEn: 'Love River',
		aliases: ['愛河畔'],
		lon: 120.2897,
		lat: 22.6236
	},
	{
		id: 'arena',
		nameZh: '高雄巨蛋',
		nameEn: 'Kaohsiung Arena',
		aliases: ['巨蛋', '漢神巨蛋'],
		lon: 120.3019,
		lat: 22.6692
	},
	{
		id: 'weiwuying',
		nameZh: '衛武營國家藝術文化中心',
		nameEn: 'National Kaohsiung Center for the Arts (Weiwuying)',
		aliases: ['衛武營', '衛武營藝術文化中心', '衛武營國藝中心'],
		lon: 120.3394,
		lat: 22.6211
	},
	{
		id: 'lotus-pond',
		nameZh: '蓮池潭',
		nameEn: 'Lotus Pond',
		aliases: ['龍虎塔'],
		lon: 120.2974,
		lat: 22.6851
	},
	{
		id: 'liuhe-night-market',
		nameZh: '六合夜市',
		nameEn: 'Liuhe Night Market',
		aliases: ['六合觀光夜市'],
		lon: 120.2992,
		lat: 22.6327
	},
	{
		id: 'nsysu',
		nameZh: '國立中山大學',
		nameEn: 'National Sun Yat-sen University',
		aliases: ['中山大學', '西子灣'],
		lon: 120.2661,
		lat: 22.6273
	}
].map((p) => ({ ...p, kind: 'landmark' as const }));

/** Every place of the gazetteer, landmarks first. */
export const places: PlaceSeed[] = [
	...landmarks,
	...mrt.map((row) => station('mrt', row)),
	...lrt.map((row) => station('lrt', row))
];
