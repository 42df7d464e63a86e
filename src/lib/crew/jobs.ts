import type { CrewActionTarget, CrewJobDto } from '../contracts/crew.ts';
import type { JobDto } from '../contracts/jobs.ts';
import { clockStopped } from '../domain/deadlines.ts';
import { assertTransition, type JobStatus } from '../domain/workflow.ts';
import type { QueuedAction } from './outbox.ts';

/** A job as the tablet shows it: the server's state with the crew's pending actions on top. */
export interface CrewJobView {
	job: CrewJobDto;
	/** The status the server last confirmed. */
	serverStatus: JobStatus;
	/** The status shown: the last pending action's target, else the server's. */
	status: JobStatus;
	/** This job's actions still waiting for the server, in order. */
	pending: QueuedAction[];
	deadlineMs: number;
	warnMs: number;
	/** Deadline control stopped (done, or handed back and waiting to leave the list). */
	stopped: boolean;
	/** The crew said "cannot complete": the job goes back to the dispatcher's queue. */
	handedBack: boolean;
}

/**
 * The crew's jobs with the outbox applied optimistically, open work first by deadline (the most
 * urgent on top), then finished ones, newest first.
 */
export function viewJobs(
	jobs: readonly CrewJobDto[],
	pending: readonly QueuedAction[]
): CrewJobView[] {
	const byJob = new Map<number, QueuedAction[]>();
	for (const a of [...pending].sort((x, y) => x.seq - y.seq)) {
		const list = byJob.get(a.jobId);
		if (list) list.push(a);
		else byJob.set(a.jobId, [a]);
	}
	const views = jobs.map((job): CrewJobView => {
		const mine = byJob.get(job.id) ?? [];
		const status = mine.at(-1)?.to ?? job.status;
		const handedBack = status === 'accepted';
		return {
			job,
			serverStatus: job.status,
			status,
			pending: mine,
			deadlineMs: Date.parse(job.deadlineAt),
			warnMs: Date.parse(job.warnAt),
			stopped: handedBack || clockStopped(status),
			handedBack
		};
	});
	return views.sort((a, b) => {
		if (a.stopped !== b.stopped) return a.stopped ? 1 : -1;
		if (!a.stopped) return a.deadlineMs - b.deadlineMs || a.job.id - b.job.id;
		return b.job.updatedAt.localeCompare(a.job.updatedAt) || b.job.id - a.job.id;
	});
}

/**
 * Applies a live `job:updated` to the crew's list. The event carries a JobDto (no history, no
 * category names): an update keeps what the list knew; a job the crew did not have, or one it
 * must refetch for its history, asks for `refetch`. A job no longer the crew's leaves the list.
 * Versions guard order: an older event than the list holds changes nothing.
 */
export function applyJobUpdate(
	jobs: readonly CrewJobDto[],
	update: JobDto,
	crewId: number
): { jobs: CrewJobDto[]; changed: boolean; refetch: boolean; isNew: boolean } {
	const index = jobs.findIndex((j) => j.id === update.id);
	const existing = index >= 0 ? jobs[index]! : undefined;
	if (existing && update.version < existing.version) {
		return { jobs: [...jobs], changed: false, refetch: false, isNew: false };
	}
	if (update.crewId !== crewId) {
		if (!existing) return { jobs: [...jobs], changed: false, refetch: false, isNew: false };
		return {
			jobs: jobs.filter((j) => j.id !== update.id),
			changed: true,
			refetch: false,
			isNew: false
		};
	}
	if (!existing) {
		const provisional: CrewJobDto = {
			...update,
			categoryNameZh: update.categoryCode,
			categoryNameEn: update.categoryCode,
			history: [],
			photos: []
		};
		return { jobs: [...jobs, provisional], changed: true, refetch: true, isNew: true };
	}
	const merged: CrewJobDto = {
		...existing,
		...update,
		// A crew's room gets the job without the reporter: keep what the crew snapshot shared.
		reporter: update.reporter ?? existing.reporter
	};
	const next = [...jobs];
	next[index] = merged;
	// A new version means a new history entry: fetch it (the list shows the change meanwhile).
	return { jobs: next, changed: true, refetch: update.version > existing.version, isNew: false };
}

/** How long finished work stays on the tablet's list after its last change: about a shift. */
export const KEEP_FINISHED_MS = 12 * 60 * 60 * 1000;

/**
 * The list after a fresh `GET /api/crew/jobs`. The server lists current work only; the tablet
 * also keeps (a) jobs with actions still in its outbox — the server has not heard them yet —
 * and (b) work the crew finished, for KEEP_FINISHED_MS, so the crew sees it went through.
 * `finish` lists kept done jobs whose history does not show the done yet: fetch them once.
 */
export function mergeSnapshot(
	current: readonly CrewJobDto[],
	previous: readonly CrewJobDto[],
	pending: readonly QueuedAction[],
	nowMs: number
): { jobs: CrewJobDto[]; gone: number[]; finish: CrewJobDto[] } {
	const listed = new Set(current.map((j) => j.id));
	const waiting = new Set(pending.map((a) => a.jobId));
	const jobs = [...current];
	const gone: number[] = [];
	const finish: CrewJobDto[] = [];
	for (const job of previous) {
		if (listed.has(job.id)) continue;
		if (waiting.has(job.id)) {
			jobs.push(job);
		} else if (job.status === 'done' && nowMs - Date.parse(job.updatedAt) < KEEP_FINISHED_MS) {
			jobs.push(job);
			if (!job.history.some((e) => e.toStatus === 'done')) finish.push(job);
		} else {
			gone.push(job.id);
		}
	}
	return { jobs, gone, finish };
}

/** What a button on the tablet does; "accept" and "cannot complete" are workflow moves too. */
export type CrewMoveKind = 'accept' | 'en_route' | 'on_site' | 'done' | 'cannot';

export interface CrewMove {
	kind: CrewMoveKind;
	to: CrewActionTarget;
	/** The natural next step: the large button under the crew's thumb. */
	primary: boolean;
}

/**
 * The moves a crew can make from `status`, as the workflow allows them to the crew role.
 *
 * "Accept" on a dispatched job IS the move to en route: the workflow has no acknowledged state
 * between dispatched and en route, and an acknowledgement kept only on the tablet would tell the
 * dispatcher nothing. So the first button reads "accept and go", and the dispatcher sees it as
 * en route, live. "Cannot complete" is the crew's move back to accepted: the agency's queue.
 */
export function crewMoves(status: JobStatus): CrewMove[] {
	const moves: CrewMove[] = [];
	const allowed = (to: JobStatus) => {
		try {
			assertTransition(status, to, 'crew');
			return true;
		} catch {
			return false;
		}
	};
	if (status === 'dispatched' && allowed('en_route')) {
		moves.push({ kind: 'accept', to: 'en_route', primary: true });
	} else if (allowed('en_route')) {
		moves.push({ kind: 'en_route', to: 'en_route', primary: false });
	}
	if (allowed('on_site'))
		moves.push({ kind: 'on_site', to: 'on_site', primary: status === 'en_route' });
	if (allowed('done')) moves.push({ kind: 'done', to: 'done', primary: status === 'on_site' });
	if (allowed('accepted') && status !== 'accepted') {
		moves.push({ kind: 'cannot', to: 'accepted', primary: false });
	}
	return moves;
}
