import type { Category } from '$lib/contracts/catalog';

/** One suggestion of the category type-ahead. */
export interface CategoryMatch {
	category: Category;
	/** The synonym that matched, when the names themselves did not. */
	synonym: string | null;
}

/** Full-width forms folded (NFKC), lower case, no spaces: "ＳＴＲＥＥＴ Light" → "streetlight". */
export function normalize(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\s_\-()（）、,，]/g, '');
}

function rank(target: string, query: string): number {
	if (target === query) return 0;
	if (target.startsWith(query)) return 1;
	if (target.includes(query)) return 2;
	return -1;
}

/**
 * Active categories matching what the call taker typed, best first: over the code, the zh-TW
 * and English names, then the synonyms call takers use ("路燈不亮", "pothole"). Equal matches
 * put the shorter name first, then the catalog's order. An empty query lists every category.
 */
export function searchCategories(
	categories: readonly Category[],
	query: string,
	limit = 12
): CategoryMatch[] {
	const q = normalize(query);
	const active = categories.filter((c) => c.active);
	if (!q) return active.map((category) => ({ category, synonym: null }));
	const scored: { match: CategoryMatch; score: number; order: number }[] = [];
	active.forEach((category, order) => {
		let best = Infinity;
		for (const name of [category.nameZh, category.nameEn, category.code]) {
			const r = rank(normalize(name), q);
			if (r >= 0) best = Math.min(best, r);
		}
		let synonym: string | null = null;
		if (best === Infinity || best > 0) {
			for (const s of category.synonyms) {
				const r = rank(normalize(s), q);
				// A synonym counts a little less than a name matched the same way.
				if (r >= 0 && r + 3 < best) {
					best = r + 3;
					synonym = s;
				}
			}
		}
		if (best < Infinity) scored.push({ match: { category, synonym }, score: best, order });
	});
	// Equal matches: the shorter name is the closer one ("路燈" → 路燈故障 before 路燈白天未熄).
	const length = (m: CategoryMatch) => m.category.nameZh.length;
	scored.sort(
		(a, b) => a.score - b.score || length(a.match) - length(b.match) || a.order - b.order
	);
	return scored.slice(0, limit).map((s) => s.match);
}
