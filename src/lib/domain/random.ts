/**
 * A small seeded generator (mulberry32): uniform draws in [0, 1) that repeat for a seed, so
 * simulations can be replayed in tests. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** An exponential draw with the given mean (inverse transform; 1 − u avoids log(0)). */
export function exponential(mean: number, random: () => number): number {
	return -mean * Math.log(1 - random());
}
