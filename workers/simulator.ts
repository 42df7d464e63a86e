import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Queryable, type Tx } from '../src/lib/server/db/client.ts';
import { users } from '../src/lib/server/db/schema.ts';
import type { SessionUser } from '../src/lib/contracts/auth.ts';
import type { Point } from '../src/lib/contracts/jobs.ts';
import type { JobStatus } from '../src/lib/domain/workflow.ts';
import { hashPassword } from '../src/lib/server/auth/passwords.ts';
import { countUsers } from '../src/lib/server/auth/users.ts';
import { listCategories } from '../src/lib/server/catalog/repository.ts';
import { createCrew, reportPosition } from '../src/lib/server/crews/service.ts';
import { loadCrew } from '../src/lib/server/crews/repository.ts';
import { candidatesFor } from '../src/lib/server/dispatch/candidates.ts';
import {
	assignCrew,
	fileJob,
	resolvePlace,
	transitionJob
} from '../src/lib/server/jobs/service.ts';
import { loadJob } from '../src/lib/server/jobs/repository.ts';
import { jobSettings } from '../src/lib/server/jobs/settings.ts';
import { ApiError } from '../src/lib/server/http/api.ts';
import { commit } from '../src/lib/server/realtime/outbox.ts';
import {
	allocateSkills,
	arrivalsPerHour,
	bearingDeg,
	between,
	categoryMix,
	crewTargets,
	distanceM,
	interpolate,
	matchCategoryMix,
	pickWeighted,
	poisson,
	travelMs,
	type ArrivalKind,
	type FormerArea
} from '../src/lib/domain/simulation.ts';
import type { Worker, WorkerContext } from './types.ts';

export interface SimulatorOptions {
	/** Wall-clock time between steps. */
	intervalMs?: number;
	/** Field cases on an average simulated day (SIMULATE_JOBS_PER_DAY). */
	jobsPerDay?: number;
	/** How many times faster than life the demo runs (SIMULATE_SPEED). */
	speed?: number;
	/** No new filings while this many simulated jobs are open. */
	maxOpenJobs?: number;
	/** Fewest demo crews for an agency that owns common categories. */
	minCrewsPerAgency?: number;
	/** Share of short-deadline jobs left unassigned until overdue, so that breaches show. */
	leaveShare?: number;
	crewSpeedKmh?: number;
	/** Filings, assignments and transitions per step at most; the rest wait for the next. */
	maxActionsPerStep?: number;
	/** Wall-clock time between re-reads of the jobs and crews the simulator plays. */
	resyncMs?: number;
	random?: () => number;
}

/** What one step did, for tests and for watching the demo. */
export interface StepReport {
	filed: number;
	assigned: number;
	moved: number;
	advanced: number;
}

/** The demo simulator, plus `step()` so tests can drive it with their own clock. */
export interface Simulator extends Worker {
	/** Files arrivals due by `now`, dispatches, moves crews and advances their work once. */
	step(now: Date): Promise<StepReport>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/*
 * Simulated durations in minutes [min, max), divided by the speed-up on the wall clock. Only the
 * crews' world runs fast: deadlines are real instants set by the jobs service, so a job left
 * alone turns overdue in real hours, as it would in the city.
 */
const ASSIGN_AFTER = [1, 8] as const; // a dispatcher reads the new case and picks a crew
const RETRY_AFTER = [3, 10] as const; // no free crew: look again
const ACKNOWLEDGE = [1, 4] as const; // the crew reads the order and sets off
const ON_SITE = [10, 50] as const; // the repair or inspection itself
const AT_DESK = [30, 240] as const; // no crew of ours can go: the office answers in writing
// A queued job nobody could take for this long is closed at the desk instead of waiting forever.
const GIVE_UP_AFTER = 6 * 60;
// A job left alone stays overdue on the wallboard this long (wall clock) before a crew takes it.
const OVERDUE_LINGER = [10 * MINUTE, 30 * MINUTE] as const;
// Only jobs due within this much wall time are left alone; a 72 h job would block the demo.
const LEAVE_HORIZON = 8 * HOUR;
// Average simulated hours a crew is tied up per job: acknowledge, ~12 min on the road, work.
const CYCLE_HOURS =
	((ACKNOWLEDGE[0] + ACKNOWLEDGE[1]) / 2 + 12 + (ON_SITE[0] + ON_SITE[1]) / 2) / 60;

const queuedStatuses: JobStatus[] = ['received', 'awaiting_acceptance', 'accepted'];
type FieldStatus = 'dispatched' | 'en_route' | 'on_site';

/** A job the simulator is playing, and when it next acts on it (wall-clock ms). */
type Plan =
	| {
			stage: 'queued';
			jobId: number;
			simulated: boolean;
			/** When the dispatcher first looks at it: waiting for a crew counts from here */
			since: number;
			dueAt: number;
	  }
	| {
			stage: 'dispatched' | 'on_site';
			jobId: number;
			simulated: boolean;
			crewId: number;
			to: Point;
			dueAt: number;
	  }
	| {
			stage: 'en_route';
			jobId: number;
			simulated: boolean;
			crewId: number;
			from: Point;
			to: Point;
			departAt: number;
			dueAt: number;
	  };

interface District {
	code: string;
	formerArea: FormerArea;
	villages: number;
}

/** What the simulator learns once from the database before its first step. */
interface World {
	actor: SessionUser;
	kinds: ArrivalKind[];
	districts: District[];
	phrases: Map<string, string[]>;
	/** Demo crews this start had to create */
	createdCrews: number;
}

/** The job changed under the simulator (a person acted on it): forget the plan. */
class StalePlan extends Error {}

/**
 * Demo life for the embedded default: files cases at the pace and mix of Kaohsiung's 1999 feed
 * (non-homogeneous Poisson by Taipei hour and weekday), at random points in villages of districts
 * weighted by their village count (a stand-in for population), then plays the dispatcher and
 * the crews: assigns the nearest free crew, drives it there at `crewSpeedKmh` and works the job
 * to done. Everything goes through the jobs and crews services as a disabled supervisor user
 * `simulator`, so the map, the history and the deadline timers see ordinary work. It plays only
 * crews nobody signs in for (no crew account), and files jobs only below `maxOpenJobs`.
 */
export function createSimulator(
	ctx: WorkerContext & { relay: { nudge(): void } },
	options: SimulatorOptions = {}
): Simulator {
	const intervalMs = options.intervalMs ?? 1000;
	const jobsPerDay = positive('jobsPerDay (SIMULATE_JOBS_PER_DAY)', options.jobsPerDay ?? 480);
	const speed = positive('speed (SIMULATE_SPEED)', options.speed ?? 20);
	const maxOpenJobs = options.maxOpenJobs ?? 300;
	const minCrewsPerAgency = options.minCrewsPerAgency ?? 3;
	const leaveShare = options.leaveShare ?? 0.2;
	const crewSpeedKmh = positive('crewSpeedKmh', options.crewSpeedKmh ?? 30);
	const maxActions = options.maxActionsPerStep ?? 6;
	const resyncMs = options.resyncMs ?? 10_000;
	const random = options.random ?? Math.random;
	const settings = jobSettings(ctx.env);

	const plans = new Map<number, Plan>();
	/** Crews the simulator may drive (no crew account), by id, with their agency. */
	let played = new Map<number, string>();
	let openSimulated = 0;
	let pendingArrivals = 0;
	let lastStep: number | undefined;
	let lastResync = -Infinity;
	let world: World | undefined;
	let preparing: Promise<World> | undefined;

	let running = false;
	let timer: NodeJS.Timeout | undefined;
	let wake: (() => void) | undefined;
	let loop: Promise<void> | undefined;

	/** Simulated minutes drawn from a range, as wall-clock milliseconds. */
	const wall = ([min, max]: readonly [number, number]) =>
		(between(min, max, random) * MINUTE) / speed;

	async function prepare(): Promise<World> {
		const actor = await simulatorUser();
		const categories = await listCategories(ctx.db);
		const agencies = await rows<{ code: string; nameZh: string; districtCode: string | null }>(
			ctx.db,
			sql`select code, name_zh as "nameZh", district_code as "districtCode" from agencies`
		);
		const districts = await rows<District>(
			ctx.db,
			sql`select d.code, d.former_area as "formerArea", count(v.code)::int as villages
			    from districts d join villages v on v.district_code = d.code
			    group by d.code, d.former_area order by d.code`
		);
		const kinds = matchCategoryMix(categoryMix, categories, agencies);
		if (kinds.length === 0 || districts.length === 0) {
			throw new Error('no catalog or districts to simulate with; is the database seeded?');
		}
		// Call takers write what the caller said: the category's Chinese phrasings, not its name.
		const phrases = new Map(
			categories.map((c) => {
				const zh = c.synonyms.filter((s) => /\p{Script=Han}/u.test(s));
				return [c.code, zh.length > 0 ? zh : [c.nameZh]];
			})
		);
		const w: World = { actor, kinds, districts, phrases, createdCrews: 0 };
		w.createdCrews = await ensureCrews(w, agencies);
		return w;
	}

	/** The simulator's own identity: a supervisor nobody can sign in as. */
	async function simulatorUser(): Promise<SessionUser> {
		const find = () =>
			rows<{ id: number; role: string; disabled: boolean; crewId: number | null }>(
				ctx.db,
				sql`select id, role, disabled, crew_id as "crewId" from users
				    where lower(username) = 'simulator'`
			);
		let [found] = await find();
		if (!found) {
			// The first start creates `admin` only while the users table is empty (auth/bootstrap.ts):
			// a simulator user written first would lock the first admin out for good.
			if ((await countUsers(ctx.db)) === 0) {
				throw new Error('no accounts yet; create the first one (ADMIN_PASSWORD) and restart');
			}
			// A random password nobody is told, and disabled: sign-in refuses it either way.
			const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
			await ctx.db
				.insert(users)
				.values({ username: 'simulator', passwordHash, role: 'supervisor', disabled: true })
				.onConflictDoNothing();
			[found] = await find();
		}
		if (!found || found.role !== 'supervisor' || !found.disabled) {
			throw new Error(
				'a user "simulator" exists that is not the disabled supervisor the simulator acts as; ' +
					'rename that user or set SIMULATE=0'
			);
		}
		return { id: found.id, username: 'simulator', role: 'supervisor', crewId: null };
	}

	/** Tops up demo crews where an agency with common work has too few crews to play. */
	async function ensureCrews(
		w: World,
		agencies: { code: string; nameZh: string }[]
	): Promise<number> {
		await refreshPlayed();
		const targets = crewTargets(w.kinds, {
			jobsPerDay,
			cycleHours: CYCLE_HOURS,
			utilization: 0.6,
			minPerAgency: minCrewsPerAgency,
			minShare: 0.01
		});
		const [{ total } = { total: 0 }] = await rows<{ total: number }>(
			ctx.db,
			sql`select count(*)::int as total from crews`
		);
		let created = 0;
		await commit(ctx, async (tx) => {
			for (const target of targets) {
				const have = [...played.values()].filter((a) => a === target.agencyCode).length;
				const missing = target.count - have;
				if (missing <= 0) continue;
				const nameZh = agencies.find((a) => a.code === target.agencyCode)?.nameZh;
				const skills = allocateSkills(missing, target.skillDemand);
				for (let i = 0; i < missing; i++) {
					const n = have + i + 1;
					// Alternate the former city and county so both halves of the map have crews.
					const area: FormerArea = (total + created) % 2 === 0 ? 'city' : 'county';
					await createCrew(tx, {
						name: `${nameZh ?? target.agencyCode} 第${n}班 (${target.agencyCode}-${n})`,
						agencyCode: target.agencyCode,
						skills: skills[i],
						status: 'available',
						location: await randomPoint(tx, pickDistrict(w, area, null).code)
					});
					created++;
				}
			}
		});
		if (created > 0) await refreshPlayed();
		return created;
	}

	async function refreshPlayed(): Promise<void> {
		const found = await rows<{ id: number; agency: string }>(
			ctx.db,
			sql`select c.id, c.agency_code as agency from crews c
			    where not exists (select 1 from users u where u.crew_id = c.id)`
		);
		played = new Map(found.map((c) => [c.id, c.agency]));
	}

	function pickDistrict(w: World, area: FormerArea | null, code: string | null): District {
		const exact = code ? w.districts.find((d) => d.code === code) : undefined;
		if (exact) return exact;
		const pool = area ? w.districts.filter((d) => d.formerArea === area) : w.districts;
		return pickWeighted(pool, (d) => d.villages, random) ?? w.districts[0]!;
	}

	/**
	 * A random point in a random village of the district. Villages are drawn evenly, and the
	 * small dense ones then get as many points as the large rural ones: cases land where people
	 * live, not on empty hillsides. ST_GeneratePoints works alike on PostGIS and PGlite.
	 */
	async function randomPoint(q: Queryable, districtCode: string): Promise<Point> {
		const [p] = await rows<Point>(
			q,
			sql`select ST_X(p) as lon, ST_Y(p) as lat from (
			      select (ST_Dump(ST_GeneratePoints(geom, 1))).geom as p
			      from villages where district_code = ${districtCode}
			      order by random() limit 1) s`
		);
		if (!p) throw new Error(`district ${districtCode} has no villages`);
		return p;
	}

	/**
	 * Re-reads what the simulator plays: open simulated jobs and jobs in the field with a crew
	 * nobody signs in for. Adopts what it has no plan for (after a restart, or a dispatcher
	 * assigned one of its crews) and forgets plans a person overtook.
	 */
	async function resync(w: World, t: number): Promise<void> {
		await refreshPlayed();
		const open = await rows<{
			id: number | string;
			status: JobStatus;
			crewId: number | null;
			lon: number;
			lat: number;
			crewLon: number | null;
			crewLat: number | null;
			simulated: boolean;
		}>(
			ctx.db,
			sql`select j.id, j.status, j.crew_id as "crewId",
			           ST_X(j.location::geometry) as lon, ST_Y(j.location::geometry) as lat,
			           ST_X(c.location::geometry) as "crewLon", ST_Y(c.location::geometry) as "crewLat",
			           exists (select 1 from job_events e
			                   where e.job_id = j.id and e.type = 'created'
			                     and e.actor_user_id = ${w.actor.id}) as simulated
			    from jobs j left join crews c on c.id = j.crew_id
			    where j.status in ('received', 'awaiting_acceptance', 'accepted',
			                       'dispatched', 'en_route', 'on_site')`
		);
		openSimulated = open.filter((j) => j.simulated).length;
		const seen = new Set<number>();
		for (const j of open) {
			const jobId = Number(j.id);
			const to = { lon: j.lon, lat: j.lat };
			const plan = plans.get(jobId);
			if (queuedStatuses.includes(j.status)) {
				if (!j.simulated) continue;
				seen.add(jobId);
				if (plan?.stage !== 'queued') {
					const dueAt = t + wall(ASSIGN_AFTER);
					plans.set(jobId, { stage: 'queued', jobId, simulated: true, since: dueAt, dueAt });
				}
				continue;
			}
			if (j.crewId === null || !played.has(j.crewId)) continue;
			seen.add(jobId);
			if (plan && plan.stage === j.status && 'crewId' in plan && plan.crewId === j.crewId) continue;
			const base = { jobId, simulated: j.simulated, crewId: j.crewId, to };
			if (j.status === 'en_route') {
				const from =
					j.crewLon === null || j.crewLat === null ? to : { lon: j.crewLon, lat: j.crewLat };
				plans.set(jobId, {
					...base,
					stage: 'en_route',
					from,
					departAt: t,
					dueAt: t + drive(from, to)
				});
			} else {
				const stage = j.status as Exclude<FieldStatus, 'en_route'>;
				plans.set(jobId, {
					...base,
					stage,
					dueAt: t + wall(stage === 'on_site' ? ON_SITE : ACKNOWLEDGE)
				});
			}
		}
		for (const id of plans.keys()) if (!seen.has(id)) plans.delete(id);
		lastResync = t;
	}

	/** Wall-clock milliseconds to drive from a to b at the crews' speed, sped up. */
	const drive = (a: Point, b: Point) => travelMs(distanceM(a, b), crewSpeedKmh) / speed;

	async function file(w: World, t: number): Promise<boolean> {
		const kind = pickWeighted(w.kinds, (k) => k.weight, random)!;
		const district = pickDistrict(w, kind.area, kind.districtCode);
		const location = await randomPoint(ctx.db, district.code);
		const phrases = w.phrases.get(kind.categoryCode) ?? [kind.categoryCode];
		const phrase = phrases[Math.floor(random() * phrases.length)] ?? kind.categoryCode;
		const input = { categoryCode: kind.categoryCode, description: `${phrase}（模擬）`, location };
		const place = await resolvePlace(ctx.db, input, settings);
		const job = await commit(ctx, (tx) => fileJob(tx, w.actor, input, place));
		openSimulated++;
		const deadline = new Date(job.deadlineAt).getTime();
		// Some short-deadline jobs wait until they are overdue, so breaches reach the wallboard.
		const leave = deadline - t <= LEAVE_HORIZON && random() < leaveShare;
		const dueAt = leave
			? deadline + between(OVERDUE_LINGER[0], OVERDUE_LINGER[1], random)
			: t + wall(ASSIGN_AFTER);
		plans.set(job.id, { stage: 'queued', jobId: job.id, simulated: true, since: dueAt, dueAt });
		return true;
	}

	/** The dispatcher's turn: the nearest free crew we play, or the desk when none ever comes. */
	async function dispatch(
		w: World,
		plan: Extract<Plan, { stage: 'queued' }>,
		t: number
	): Promise<boolean> {
		const job = await loadJob(ctx.db, plan.jobId);
		if (!job || !queuedStatuses.includes(job.status) || job.crewId !== null) throw new StalePlan();
		const agencyHasCrews = [...played.values()].includes(job.agencyCode);
		const waitedMin = ((t - plan.since) * speed) / MINUTE;
		if (!agencyHasCrews || waitedMin > GIVE_UP_AFTER) {
			if (!agencyHasCrews && waitedMin < AT_DESK[0]) {
				plan.dueAt = t + wall(AT_DESK);
				return false;
			}
			await commit(ctx, async (tx) => {
				// Unchanged since we looked, or a person's assignment would be undone by the moves below.
				const current = await loadJob(tx, job.id, { forUpdate: true });
				if (current?.version !== job.version) throw new StalePlan();
				if (job.status !== 'accepted') await transitionJob(tx, w.actor, job.id, { to: 'accepted' });
				await transitionJob(tx, w.actor, job.id, { to: 'done', note: '已書面回復（模擬）' });
			});
			plans.delete(plan.jobId);
			if (plan.simulated) openSimulated--;
			return true;
		}
		const free = (await candidatesFor(ctx.db, job, 10)).filter((c) => played.has(c.crewId));
		const pick = free[0];
		if (!pick) {
			plan.dueAt = t + wall(RETRY_AFTER);
			return false;
		}
		try {
			await commit(ctx, (tx) =>
				assignCrew(tx, w.actor, job.id, { crewId: pick.crewId, expectedVersion: job.version })
			);
		} catch (err) {
			// Someone else moved first (the job or the crew changed): look again shortly.
			if (!(err instanceof ApiError) || err.status !== 409) throw err;
			plan.dueAt = t + wall([0.5, 2]);
			return false;
		}
		// A plan still holding this crew is stale (a person took that job back): drop it.
		for (const [id, other] of plans) {
			if ('crewId' in other && other.crewId === pick.crewId) plans.delete(id);
		}
		plans.set(plan.jobId, {
			stage: 'dispatched',
			jobId: plan.jobId,
			simulated: plan.simulated,
			crewId: pick.crewId,
			to: job.location,
			dueAt: t + wall(ACKNOWLEDGE)
		});
		return true;
	}

	/** Locks the job and checks it is still where the plan left it, with the same crew. */
	async function stillAt(tx: Tx, plan: Exclude<Plan, { stage: 'queued' }>, status: FieldStatus) {
		const job = await loadJob(tx, plan.jobId, { forUpdate: true });
		if (!job || job.status !== status || job.crewId !== plan.crewId) throw new StalePlan();
	}

	/** The crew's turn: set off, arrive, finish. */
	async function advance(w: World, plan: Exclude<Plan, { stage: 'queued' }>, t: number, now: Date) {
		if (plan.stage === 'dispatched') {
			await commit(ctx, async (tx) => {
				await stillAt(tx, plan, 'dispatched');
				await transitionJob(tx, w.actor, plan.jobId, { to: 'en_route' });
			});
			const crew = await loadCrew(ctx.db, plan.crewId);
			const from = crew?.location ?? plan.to;
			plans.set(plan.jobId, {
				...plan,
				stage: 'en_route',
				from,
				departAt: t,
				dueAt: t + drive(from, plan.to)
			});
		} else if (plan.stage === 'en_route') {
			await commit(ctx, async (tx) => {
				await stillAt(tx, plan, 'en_route');
				const heading = bearingDeg(plan.from, plan.to);
				await reportPosition(tx, w.actor, plan.crewId, { ...plan.to, heading, at: now });
				await transitionJob(tx, w.actor, plan.jobId, { to: 'on_site' });
			});
			plans.set(plan.jobId, { ...plan, stage: 'on_site', dueAt: t + wall(ON_SITE) });
		} else {
			await commit(ctx, async (tx) => {
				await stillAt(tx, plan, 'on_site');
				await transitionJob(tx, w.actor, plan.jobId, { to: 'done', note: '已完成（模擬）' });
			});
			plans.delete(plan.jobId);
			if (plan.simulated) openSimulated--;
		}
	}

	/** One position fix for every crew on the road, all in one transaction. */
	async function move(w: World, t: number, now: Date): Promise<number> {
		const driving = [...plans.values()].filter(
			(p): p is Extract<Plan, { stage: 'en_route' }> => p.stage === 'en_route' && p.dueAt > t
		);
		if (driving.length === 0) return 0;
		await commit(ctx, async (tx) => {
			for (const p of driving) {
				const at = interpolate(p.from, p.to, (t - p.departAt) / (p.dueAt - p.departAt));
				const heading = bearingDeg(p.from, p.to);
				await reportPosition(tx, w.actor, p.crewId, { ...at, heading, at: now });
			}
		});
		return driving.length;
	}

	/** Runs one action; a person overtaking the simulator is normal, anything else is logged. */
	async function attempt(label: string, jobId: number | null, action: () => Promise<boolean>) {
		try {
			return await action();
		} catch (err) {
			if (
				jobId !== null &&
				(err instanceof StalePlan || (err instanceof ApiError && err.status < 500))
			) {
				plans.delete(jobId);
				return false;
			}
			// A random point on a district's edge can fall outside every polygon: just skip it.
			if (err instanceof ApiError && err.code === 'outside_service_area') return false;
			ctx.log(`[simulator] ${label}: ${err instanceof Error ? err.message : String(err)}`);
			return false;
		}
	}

	async function step(now: Date): Promise<StepReport> {
		preparing ??= prepare();
		try {
			world ??= await preparing;
		} catch (err) {
			preparing = undefined; // try again at the next step
			throw err;
		}
		const w = world;
		const t = now.getTime();
		// A stalled loop (a long request on the one PGlite connection) must not release a burst.
		const dt = Math.min(Math.max(0, t - (lastStep ?? t - intervalMs)), 5 * intervalMs);
		lastStep = t;
		if (t - lastResync >= resyncMs) await resync(w, t);
		const report: StepReport = { filed: 0, assigned: 0, moved: 0, advanced: 0 };
		let budget = maxActions;

		const expected = (arrivalsPerHour(now, jobsPerDay) * speed * dt) / HOUR;
		pendingArrivals = Math.min(pendingArrivals + poisson(expected, random), 2 * maxActions);
		if (openSimulated >= maxOpenJobs) pendingArrivals = 0;
		while (pendingArrivals > 0 && budget > 0 && openSimulated < maxOpenJobs) {
			pendingArrivals--;
			budget--;
			if (await attempt('file', null, () => file(w, t))) report.filed++;
		}

		try {
			report.moved = await move(w, t, now);
		} catch (err) {
			ctx.log(`[simulator] move: ${err instanceof Error ? err.message : String(err)}`);
		}

		const due = [...plans.values()].filter((p) => p.dueAt <= t).sort((a, b) => a.dueAt - b.dueAt);
		for (const plan of due) {
			if (budget <= 0) break;
			budget--;
			if (plan.stage === 'queued') {
				if (await attempt('dispatch', plan.jobId, () => dispatch(w, plan, t))) report.assigned++;
			} else {
				const done = await attempt(plan.stage, plan.jobId, async () => {
					await advance(w, plan, t, now);
					return true;
				});
				if (done) report.advanced++;
			}
		}
		return report;
	}

	async function run(): Promise<void> {
		while (running) {
			const started = Date.now();
			try {
				await step(new Date(started));
			} catch (err) {
				ctx.log(`[simulator] ${err instanceof Error ? err.message : String(err)}`);
			}
			if (!running) break;
			await new Promise<void>((resolve) => {
				wake = resolve;
				timer = setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started)));
			});
		}
	}

	return {
		name: 'simulator',
		async start() {
			try {
				preparing ??= prepare();
				world = await preparing;
				const created = world.createdCrews > 0 ? `, ${world.createdCrews} created now` : '';
				ctx.log(
					`[simulator] demo traffic: ~${jobsPerDay} jobs a day ×${speed}, ` +
						`${played.size} crews played${created} (SIMULATE=0 turns it off)`
				);
			} catch (err) {
				// The demo is optional: a simulator that cannot start must not keep the app down.
				preparing = undefined;
				ctx.log(`[simulator] not started: ${err instanceof Error ? err.message : String(err)}`);
				return;
			}
			running = true;
			loop = run();
		},
		async stop() {
			running = false;
			clearTimeout(timer);
			wake?.();
			await loop;
		},
		step
	};
}

function positive(name: string, value: number): number {
	if (!Number.isFinite(value) || value <= 0) {
		throw new RangeError(`simulator: ${name} must be a positive number, not ${value}`);
	}
	return value;
}
