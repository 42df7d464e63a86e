import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '../../db/client.ts';
import { places, type PlaceSeed } from './places-data.ts';
import type { Resolver } from './types.ts';

/**
 * Inserts the gazetteer (places-data.ts); places already there are left as they are, so an
 * admin's correction survives a restart. Answers how many were inserted.
 */
export async function seedPlaces(q: Queryable, seed: PlaceSeed[] = places): Promise<number> {
	if (seed.length === 0) return 0;
	const values = seed.map((p) => {
		// Drizzle spreads a JS array into a parameter list, so the array is built in SQL.
		const aliases = sql.join(
			p.aliases.map((a) => sql`${a}`),
			sql`, `
		);
		return sql`(${p.id}, ${p.kind}, ${p.nameZh}, ${p.nameEn}, array[${aliases}]::text[],
		            ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)::geography)`;
	});
	const inserted = await rows<{ id: string }>(
		q,
		sql`insert into places (id, kind, name_zh, name_en, aliases, location)
		    values ${sql.join(values, sql`, `)}
		    on conflict (id) do nothing
		    returning id`
	);
	return inserted.length;
}

interface Candidate {
	id: string;
	kind: string;
	nameZh: string;
	term: string;
	lon: number;
	lat: number;
}

// A name followed by a road or area word is part of that road or area: 凱旋 in 凱旋四路,
// 美術館 in 美術館路, 世運 in 世運大道 are streets, not the stations.
const PART_OF_STREET_RE = /^[一二三四五六七八九十\d]*(?:大道|大路|路|街|巷|段|區|里)/u;
const KIND_ORDER = ['landmark', 'mrt', 'lrt'];

/** Where in the text the term stands on its own (not as part of a street name), or -1. */
function standalonePosition(text: string, term: string): number {
	for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
		if (!PART_OF_STREET_RE.test(text.slice(at + term.length))) return at;
	}
	return -1;
}

function label(p: Candidate): string {
	if (p.kind === 'landmark') return p.nameZh;
	const said = p.nameZh.endsWith('站') ? p.nameZh : `${p.nameZh}站`;
	return `${p.kind === 'mrt' ? '捷運' : '輕軌'}${said} (${p.id})`;
}

/**
 * A named place whose name or alias the text contains. The longest name wins (美麗島站 over
 * 美麗島, 橋頭火車站 over 火車站), then the earliest, then landmarks over stations. A bare name
 * that is also a district's (小港, 左營, 鳳山) never matches: it more likely means the district.
 */
export const fromGazetteer: Resolver = async (q, { text }) => {
	if (!text) return null;
	// The names are folded like the text (see cleanAddressText): 台 → 臺, upper-case Latin.
	const candidates = await rows<Candidate>(
		q,
		sql`select p.id, p.kind, p.name_zh as "nameZh", t.term,
		           ST_X(p.location::geometry) as lon, ST_Y(p.location::geometry) as lat
		    from places p
		    cross join lateral (
		        select distinct upper(translate(n, '台巿', '臺市')) as term
		        from unnest(array_prepend(p.name_zh, p.aliases)) as n
		        where not exists (select 1 from districts d where d.name_zh = n || '區')
		    ) t
		    where strpos(${text}, t.term) > 0`
	);
	let best: { place: Candidate; at: number } | null = null;
	for (const place of candidates) {
		const at = standalonePosition(text, place.term);
		if (at < 0) continue;
		if (!best || better({ place, at }, best)) best = { place, at };
	}
	if (!best) return null;
	const { place } = best;
	return {
		point: { lon: place.lon, lat: place.lat },
		source: 'gazetteer',
		confidence: 'landmark',
		label: label(place)
	};
};

function better(a: { place: Candidate; at: number }, b: { place: Candidate; at: number }): boolean {
	const keys = (x: { place: Candidate; at: number }) => [
		-[...x.place.term].length,
		x.at,
		KIND_ORDER.indexOf(x.place.kind)
	];
	const ka = keys(a);
	const kb = keys(b);
	for (let i = 0; i < ka.length; i++) {
		if (ka[i] !== kb[i]) return (ka[i] ?? 0) < (kb[i] ?? 0);
	}
	return a.place.id < b.place.id;
}
