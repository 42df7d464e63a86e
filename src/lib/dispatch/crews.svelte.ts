/* eslint-disable svelte/prefer-svelte-reactivity -- thousands of jobs and crews live in plain Maps on purpose (svelte #11851); readers subscribe to `version` */
import type { CrewDto } from '$lib/contracts/crews';
import { FrameBatch } from './frame-batch.ts';

/**
 * Crews keyed by id in a plain Map, updated from `crew:updated` in one batch per animation frame
 * (moving crews send many positions); readers subscribe to `version`.
 */
export class CrewStore {
	readonly byId = new Map<number, CrewDto>();
	version = $state(0);
	readonly #batch = new FrameBatch<CrewDto>((crews) => this.#apply(crews));

	constructor(snapshot: CrewDto[] = []) {
		this.replaceAll(snapshot);
	}

	get(id: number): CrewDto | undefined {
		return this.byId.get(id);
	}

	/** Replaces everything with a fresh snapshot. */
	replaceAll(crews: CrewDto[]): void {
		this.#batch.flush();
		this.byId.clear();
		for (const crew of crews) this.byId.set(crew.id, crew);
		this.version++;
	}

	/** Queues a crew from a socket event. */
	enqueue(crew: CrewDto): void {
		this.#batch.push(crew);
	}

	destroy(): void {
		this.#batch.cancel();
	}

	#apply(crews: CrewDto[]): void {
		let changed = false;
		for (const crew of crews) {
			const current = this.byId.get(crew.id);
			if (current && current.version > crew.version) continue;
			// Positions may arrive without a version bump: the newer fix wins.
			if (current && current.version === crew.version && !newerPosition(crew, current)) continue;
			this.byId.set(crew.id, crew);
			changed = true;
		}
		if (changed) this.version++;
	}
}

function newerPosition(next: CrewDto, current: CrewDto): boolean {
	if (!next.positionAt) return false;
	return !current.positionAt || Date.parse(next.positionAt) > Date.parse(current.positionAt);
}
