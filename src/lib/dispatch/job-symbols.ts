import type { JobStatus } from '$lib/domain/workflow';
import type { JobChange, LiveJob } from './jobs.svelte.ts';
import {
	deadlineRing,
	mercatorX,
	mercatorY,
	statusColor,
	SYMBOL_BUDGET,
	type MapView
} from './map-points.ts';

/** Grid cell of a counted symbol, in screen pixels at the view's whole zoom level. */
const CELL_PX = 44;
/** Beyond this many changed row ranges in one frame, one range spans them all. */
const MAX_RANGES = 64;

const statusFill = new Map<JobStatus, readonly [number, number, number, number]>(
	(Object.entries(statusColor) as [JobStatus, readonly number[]][]).map(([status, [r, g, b]]) => [
		status,
		[r!, g!, b!, 235] as const
	])
);
const states = ['on_time', 'due_soon', 'overdue'] as const;
const stateRank = { on_time: 0, due_soon: 1, overdue: 2 } as const;
const ringStyle = states.map((state) => {
	const ring = deadlineRing[state];
	return { rgba: [...ring.color, 255] as const, width: ring.width, radius: ring.radius };
});
/** The fill of a counted symbol: no single status, so a neutral slate. */
const CELL_FILL = [37, 64, 79, 235] as const;

/** One symbol: a job, or a grid cell of jobs, with running sums to draw it without a scan. */
interface Group {
	key: number;
	slot: number;
	n: number;
	lonSum: number;
	latSum: number;
	/** Jobs per deadline state (on time, due soon, overdue): the ring is the worst present. */
	byState: [number, number, number];
	/** Sum of member ids: with one member left, its id. */
	idSum: number;
	/** The member added last: usually the one left when a cell empties to one job. */
	last: LiveJob;
}

/** Rows of the symbol arrays that changed, as deck.gl's `_dataDiff` reports them. */
export interface RowRange {
	startRow: number;
	endRow: number;
}

/** What the job layer draws now: `ranges` are the rows changed since the last frame, or null. */
export interface SymbolFrame {
	length: number;
	ranges: RowRange[] | null;
	/** Whether any counted symbol's count or place changed (its label must be redrawn). */
	labelsChanged: boolean;
}

/**
 * The dispatch map's job symbols, kept up to date change by change. Each symbol (one job, or
 * once more jobs are in view than the budget allows, one grid cell of jobs) owns a stable row in
 * typed arrays that deck.gl reads; a changed job rewrites only its symbol's row, and `frame()`
 * reports the changed rows so deck.gl uploads only those (its `_dataDiff` partial updates). A
 * new view or new filters repack everything with `rebuild`.
 */
export class JobSymbols {
	ids = new Uint32Array(0);
	counts = new Uint32Array(0);
	positions = new Float64Array(0);
	fillColors = new Uint8Array(0);
	lineColors = new Uint8Array(0);
	lineWidths = new Float32Array(0);
	radii = new Float32Array(0);
	/** Symbols in use: rows 0 … length − 1 of the arrays. */
	length = 0;
	/** Jobs inside the view that match the filters: the sum of `counts`. */
	jobs = 0;
	/** Whether nearby jobs are counted per cell (more in view than the budget). */
	clustered = false;

	readonly #lookup: (id: number) => LiveJob | undefined;
	readonly #budget: number;
	#view: MapView | null = null;
	#matches: (live: LiveJob) => boolean = () => true;
	#cellsPerWorld = 0;
	/** The view's north-west cell and its row length: cell keys are row × stride + column. */
	#originX = 0;
	#originY = 0;
	#rowStride = 1;
	readonly #groups = new Map<number, Group>();
	#slots: Group[] = [];
	readonly #dirty = new Set<Group>();
	readonly #emptied = new Set<Group>();
	#full = true;
	#labelsChanged = true;

	/** `lookup` finds a job's current state by id (the store's). */
	constructor(lookup: (id: number) => LiveJob | undefined, budget = SYMBOL_BUDGET) {
		this.#lookup = lookup;
		this.#budget = budget;
	}

	/**
	 * Packs the matching jobs inside the view from scratch: one symbol per job while they fit the
	 * budget, otherwise one counted symbol per cell of a grid fixed to the world at the view's
	 * whole zoom level (a pan does not reshuffle the cells). Without a view every matching job is
	 * its own symbol.
	 */
	rebuild(jobs: Iterable<LiveJob>, matches: (live: LiveJob) => boolean, view: MapView | null) {
		this.#view = view;
		this.#matches = matches;
		const chosen: LiveJob[] = [];
		for (const live of jobs) if (this.#includes(live)) chosen.push(live);
		this.clustered = view !== null && chosen.length > this.#budget;
		this.#cellsPerWorld = view ? (256 * 2 ** Math.floor(view.zoom)) / CELL_PX : 0;
		// Cells are numbered from the view's north-west corner: small whole numbers, which a Map
		// hashes fastest (only jobs inside the view are ever counted).
		if (view) {
			this.#originX = Math.floor(mercatorX(view.west) * this.#cellsPerWorld);
			this.#originY = Math.floor(mercatorY(view.north) * this.#cellsPerWorld);
			this.#rowStride = Math.floor(mercatorX(view.east) * this.#cellsPerWorld) - this.#originX + 2;
		}
		this.#groups.clear();
		this.#emptied.clear();
		this.#dirty.clear();
		this.#slots = [];
		this.length = 0;
		this.jobs = 0;
		this.#ensureCapacity(this.clustered ? 256 : chosen.length);
		this.#full = true;
		for (const live of chosen) this.#add(live);
		this.#labelsChanged = true;
	}

	/**
	 * Applies changed jobs: each leaves the symbol it counted in and joins the one it belongs to
	 * now. Returns false once the packing no longer suits the number of jobs in view (far more
	 * than the budget as single symbols, or few enough to draw singly): rebuild then.
	 */
	apply(changes: readonly JobChange[]): boolean {
		for (const { before, after } of changes) {
			if (before && this.#includes(before)) this.#remove(before);
			if (after && this.#includes(after)) this.#add(after);
		}
		return this.fits;
	}

	/** Whether the packing (single or counted) still suits the number of jobs in view. */
	get fits(): boolean {
		if (!this.#view) return true;
		return this.clustered ? this.jobs * 2 > this.#budget : this.jobs * 4 <= this.#budget * 5;
	}

	/**
	 * Writes the changed symbols into the arrays and reports which rows changed since the last
	 * frame (null: all of them, after a rebuild). Call once per hand-over to deck.gl.
	 */
	frame(): SymbolFrame {
		this.#dropEmptied();
		const rows: number[] = [];
		if (this.#full) {
			for (let i = 0; i < this.length; i++) this.#write(this.#slots[i]!);
		} else {
			for (const group of this.#dirty) {
				this.#write(group);
				rows.push(group.slot);
			}
		}
		this.#dirty.clear();
		const ranges = this.#full ? null : toRanges(rows);
		const labelsChanged = this.#labelsChanged;
		this.#full = false;
		this.#labelsChanged = false;
		return { length: this.length, ranges, labelsChanged };
	}

	#includes(live: LiveJob): boolean {
		if (!this.#matches(live)) return false;
		const view = this.#view;
		if (!view) return true;
		const { lon, lat } = live.job.location;
		return lon >= view.west && lon <= view.east && lat >= view.south && lat <= view.north;
	}

	#keyOf(live: LiveJob): number {
		if (!this.clustered) return live.job.id;
		const perWorld = this.#cellsPerWorld;
		const cx = Math.floor(live.mx * perWorld) - this.#originX;
		const cy = Math.floor(live.my * perWorld) - this.#originY;
		return cy * this.#rowStride + cx;
	}

	#add(live: LiveJob): void {
		const key = this.#keyOf(live);
		let group = this.#groups.get(key);
		if (!group) {
			group = {
				key,
				slot: this.length,
				n: 0,
				lonSum: 0,
				latSum: 0,
				byState: [0, 0, 0],
				idSum: 0,
				last: live
			};
			this.#groups.set(key, group);
			this.#ensureCapacity(this.length + 1);
			this.#slots[this.length++] = group;
		}
		group.n++;
		group.lonSum += live.job.location.lon;
		group.latSum += live.job.location.lat;
		group.byState[stateRank[live.state]]++;
		group.idSum += live.job.id;
		group.last = live;
		this.jobs++;
		if (group.n > 1) this.#labelsChanged = true;
		// After a repack every row is written anyway.
		if (!this.#full) this.#dirty.add(group);
	}

	#remove(live: LiveJob): void {
		const group = this.#groups.get(this.#keyOf(live));
		if (!group) return; // never counted: nothing to take back
		group.n--;
		group.lonSum -= live.job.location.lon;
		group.latSum -= live.job.location.lat;
		group.byState[stateRank[live.state]]--;
		group.idSum -= live.job.id;
		this.jobs--;
		if (group.n > 0) {
			// It counted two or more jobs: its label changes.
			this.#labelsChanged = true;
			this.#dirty.add(group);
			return;
		}
		// Kept until the frame: the same job usually comes straight back (a status change), and
		// then keeps its row.
		this.#emptied.add(group);
	}

	/** Drops the symbols left empty: the last row moves into each one's place (rows stay dense). */
	#dropEmptied(): void {
		for (const group of this.#emptied) {
			if (group.n > 0) continue;
			this.#groups.delete(group.key);
			this.#dirty.delete(group);
			const lastSlot = --this.length;
			const moved = this.#slots[lastSlot]!;
			this.#slots.length = lastSlot;
			if (moved !== group) {
				moved.slot = group.slot;
				this.#slots[group.slot] = moved;
				this.#dirty.add(moved);
			}
		}
		this.#emptied.clear();
	}

	/** The one job of a single-job symbol, as it is now. */
	#lone(group: Group): LiveJob | undefined {
		if (group.last.job.id === group.idSum) return group.last;
		return this.#lookup(group.idSum);
	}

	#write(group: Group): void {
		const i = group.slot;
		const c = i * 4;
		const [, dueSoon, overdue] = group.byState;
		const state = overdue > 0 ? 2 : dueSoon > 0 ? 1 : 0;
		const ring = ringStyle[state]!;
		const lone = group.n === 1 ? this.#lone(group) : undefined;
		let fill: readonly number[] = CELL_FILL;
		if (lone) {
			this.ids[i] = lone.job.id;
			this.positions[i * 2] = lone.job.location.lon;
			this.positions[i * 2 + 1] = lone.job.location.lat;
			fill = statusFill.get(lone.job.status) ?? CELL_FILL;
			this.radii[i] = ring.radius;
		} else {
			this.ids[i] = 0;
			this.positions[i * 2] = group.lonSum / group.n;
			this.positions[i * 2 + 1] = group.latSum / group.n;
			this.radii[i] = Math.min(26, 9 + 3 * Math.log2(group.n));
		}
		this.counts[i] = group.n;
		this.fillColors[c] = fill[0]!;
		this.fillColors[c + 1] = fill[1]!;
		this.fillColors[c + 2] = fill[2]!;
		this.fillColors[c + 3] = fill[3]!;
		this.lineColors[c] = ring.rgba[0];
		this.lineColors[c + 1] = ring.rgba[1];
		this.lineColors[c + 2] = ring.rgba[2];
		this.lineColors[c + 3] = ring.rgba[3];
		this.lineWidths[i] = ring.width;
	}

	#ensureCapacity(n: number): void {
		const capacity = this.ids.length;
		if (n <= capacity) return;
		const size = Math.max(n, capacity * 2, 256);
		const grow = <A extends Uint32Array | Float64Array | Uint8Array | Float32Array>(
			old: A,
			make: (length: number) => A,
			per: number
		): A => {
			const next = make(size * per);
			next.set(old);
			return next;
		};
		this.ids = grow(this.ids, (l) => new Uint32Array(l), 1);
		this.counts = grow(this.counts, (l) => new Uint32Array(l), 1);
		this.positions = grow(this.positions, (l) => new Float64Array(l), 2);
		this.fillColors = grow(this.fillColors, (l) => new Uint8Array(l), 4);
		this.lineColors = grow(this.lineColors, (l) => new Uint8Array(l), 4);
		this.lineWidths = grow(this.lineWidths, (l) => new Float32Array(l), 1);
		this.radii = grow(this.radii, (l) => new Float32Array(l), 1);
	}
}

/** Sorted, merged row ranges of the rows given (one span when there are too many). */
export function toRanges(rows: number[]): RowRange[] {
	if (rows.length === 0) return [];
	rows.sort((a, b) => a - b);
	const ranges: RowRange[] = [];
	let start = rows[0]!;
	let end = start + 1;
	for (let k = 1; k < rows.length; k++) {
		const row = rows[k]!;
		if (row <= end) {
			end = Math.max(end, row + 1);
			continue;
		}
		ranges.push({ startRow: start, endRow: end });
		start = row;
		end = row + 1;
	}
	ranges.push({ startRow: start, endRow: end });
	if (ranges.length <= MAX_RANGES) return ranges;
	return [{ startRow: ranges[0]!.startRow, endRow: ranges.at(-1)!.endRow }];
}

/** The symbols of one packing, as plain typed arrays (tests, benchmarks). */
export interface JobPoints {
	length: number;
	ids: Uint32Array;
	counts: Uint32Array;
	positions: Float64Array;
	fillColors: Uint8Array;
	lineColors: Uint8Array;
	lineWidths: Float32Array;
	radii: Float32Array;
	jobs: number;
}

/** Packs jobs once (see `JobSymbols.rebuild`) and returns the arrays trimmed to the symbols. */
export function buildJobPoints(
	jobs: Iterable<LiveJob>,
	matches: (live: LiveJob) => boolean,
	view: MapView | null = null,
	budget = SYMBOL_BUDGET
): JobPoints {
	const symbols = new JobSymbols(() => undefined, budget);
	symbols.rebuild(jobs, matches, view);
	return snapshot(symbols);
}

/** A copy of the symbols in use, trimmed to `length`. */
export function snapshot(symbols: JobSymbols): JobPoints {
	symbols.frame();
	const n = symbols.length;
	return {
		length: n,
		ids: symbols.ids.slice(0, n),
		counts: symbols.counts.slice(0, n),
		positions: symbols.positions.slice(0, n * 2),
		fillColors: symbols.fillColors.slice(0, n * 4),
		lineColors: symbols.lineColors.slice(0, n * 4),
		lineWidths: symbols.lineWidths.slice(0, n),
		radii: symbols.radii.slice(0, n),
		jobs: symbols.jobs
	};
}
