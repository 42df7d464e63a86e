import { Device, type FakeAmi } from './fake-ami.ts';
import { seededRandom } from '../../src/lib/domain/random.ts';

/*
 * A call centre that never closes, played on the fake AMI server: Poisson arrivals, agents
 * rung in turn (some miss the call), exponential talk times, member wrap-up, callers who give
 * up, breaks with reasons, and shift changes that log agents in and out. Seeded, so a run can
 * be repeated; `speed` makes it run faster than life.
 */

export interface ScenarioOptions {
	queue?: string;
	/** Agents logged in at the start; two more wait in reserve for shift changes. */
	agents?: number;
	callsPerHour?: number;
	meanTalkSec?: number;
	/** The members' own wrap-up (`Wrapuptime`). */
	wrapUpSec?: number;
	meanPatienceSec?: number;
	/** Chance that a ringing agent answers (else AgentRingNoAnswer). */
	answerRate?: number;
	/** Each idle agent takes a break about this often (minutes), for about `meanBreakMin`. */
	breakEveryMin?: number;
	meanBreakMin?: number;
	/** An agent goes off shift and a reserve one comes in about this often (minutes). */
	shiftChangeEveryMin?: number;
	/** Times faster than life. */
	speed?: number;
	seed?: number;
	tickMs?: number;
}

export interface Scenario {
	stop(): void;
	/** What happened so far. */
	readonly stats: {
		offered: number;
		answered: number;
		abandoned: number;
		completed: number;
		shiftChanges: number;
	};
}

const NAMES = [
	'陳美玲',
	'林志明',
	'黃淑芬',
	'張家豪',
	'李佳穎',
	'王建宏',
	'吳怡君',
	'劉俊傑',
	'蔡宜蓁',
	'楊宗翰',
	'許雅婷',
	'鄭文彬',
	'謝孟儒',
	'郭怡萱'
];
const BREAKS = ['休息', '用餐', '教育訓練', '行政作業'];

interface Plan {
	abandonAt: number;
	ring?: { iface: string; until: number; answers: boolean };
	talkUntil?: number;
}

/** Starts the scenario on `fake` (creating its queue and agents); stop() ends it. */
export function startScenario(fake: FakeAmi, options: ScenarioOptions = {}): Scenario {
	const queue = options.queue ?? '1999';
	const speed = options.speed ?? 1;
	const random = seededRandom(options.seed ?? 1999);
	const tickMs = options.tickMs ?? 200;
	const callsPerHour = options.callsPerHour ?? 180;
	const meanTalkSec = options.meanTalkSec ?? 100;
	const wrapUpSec = options.wrapUpSec ?? 15;
	const meanPatienceSec = options.meanPatienceSec ?? 120;
	const answerRate = options.answerRate ?? 0.9;
	const breakEveryMin = options.breakEveryMin ?? 25;
	const meanBreakMin = options.meanBreakMin ?? 4;
	const shiftChangeEveryMin = options.shiftChangeEveryMin ?? 20;
	const agentCount = Math.min(options.agents ?? 8, NAMES.length - 2);

	/** Real milliseconds for simulated seconds. */
	const real = (simSec: number) => (simSec * 1000) / speed;
	const exponential = (mean: number) => -Math.log(1 - random()) * mean;
	const between = (lo: number, hi: number) => lo + random() * (hi - lo);

	const everyone = NAMES.slice(0, agentCount + 2).map((name, i) => ({
		iface: `PJSIP/${1001 + i}`,
		name
	}));
	const plans = new Map<string, Plan>();
	const breaks = new Map<string, number>();
	const stats = { offered: 0, answered: 0, abandoned: 0, completed: 0, shiftChanges: 0 };

	if (!fake.queueNames().includes(queue)) fake.addQueue(queue);
	everyone.slice(0, agentCount).forEach((agent, i) => {
		// A lively first picture: one at lunch, one with an unplugged phone.
		const paused = i === 1;
		fake.addMember(queue, agent.iface, agent.name, {
			wrapUpSec,
			paused,
			reason: paused ? '用餐' : '',
			device: i === 2 ? Device.unavailable : Device.notInUse
		});
		if (paused) breaks.set(agent.iface, Date.now() + real(exponential(meanBreakMin * 60)));
	});
	let unplugged: { iface: string; until: number } | undefined = {
		iface: everyone[2]!.iface,
		until: Date.now() + real(between(120, 600))
	};
	let nextShiftChange = Date.now() + real(exponential(shiftChangeEveryMin * 60));

	const ringingNow = () =>
		new Set([...plans.values()].flatMap((p) => (p.ring ? [p.ring.iface] : [])));

	function idle(iface: string, now: number, ringing: Set<string>): boolean {
		const memberships = fake.memberships(iface);
		if (memberships.length === 0 || memberships.every((m) => m.paused)) return false;
		if (fake.device(iface) !== Device.notInUse || ringing.has(iface)) return false;
		const m = memberships[0]!;
		return !(m.lastCall && (now / 1000 - m.lastCall) * speed < m.wrapUpSec);
	}

	function poisson(mean: number): number {
		let n = 0;
		for (let p = Math.exp(-mean), s = p, u = random(); u > s; n++) {
			p *= mean / (n + 1);
			s += p;
		}
		return n;
	}

	function step(): void {
		const now = Date.now();
		for (let n = poisson(((callsPerHour / 3600) * tickMs * speed) / 1000); n > 0; n--) {
			const uid = fake.join(queue);
			plans.set(uid, { abandonAt: now + real(exponential(meanPatienceSec)) });
			stats.offered++;
		}

		let ringing = ringingNow();
		for (const caller of [...fake.callers(queue)]) {
			const plan = plans.get(caller.uid);
			if (!plan) continue;
			if (plan.ring && now >= plan.ring.until) {
				if (plan.ring.answers) {
					fake.answer(caller.uid, plan.ring.iface);
					plan.talkUntil = now + real(Math.max(15, exponential(meanTalkSec)));
					plan.ring = undefined;
					stats.answered++;
					continue;
				}
				fake.ringNoAnswer(caller.uid, plan.ring.iface);
				plan.ring = undefined;
			}
			if (now >= plan.abandonAt) {
				fake.abandon(caller.uid);
				plans.delete(caller.uid);
				stats.abandoned++;
				continue;
			}
			if (!plan.ring) {
				ringing = ringingNow();
				const free = everyone.filter((a) => idle(a.iface, now, ringing));
				const agent = free[Math.floor(random() * free.length)];
				if (agent) {
					fake.ring(caller.uid, agent.iface);
					plan.ring = {
						iface: agent.iface,
						until: now + real(between(2, 8)),
						answers: random() < answerRate
					};
				}
			}
		}

		for (const [uid, plan] of plans) {
			if (plan.talkUntil !== undefined && now >= plan.talkUntil) {
				fake.hangup(uid, random() < 0.7 ? 'caller' : 'agent');
				plans.delete(uid);
				stats.completed++;
			}
		}

		ringing = ringingNow();
		for (const agent of everyone) {
			const back = breaks.get(agent.iface);
			if (back !== undefined) {
				if (now >= back) {
					breaks.delete(agent.iface);
					if (fake.memberships(agent.iface).length) fake.pause(agent.iface, false);
				}
			} else if (
				idle(agent.iface, now, ringing) &&
				random() < (tickMs * speed) / 1000 / (breakEveryMin * 60)
			) {
				fake.pause(agent.iface, true, BREAKS[Math.floor(random() * BREAKS.length)]);
				breaks.set(agent.iface, now + real(exponential(meanBreakMin * 60)));
			}
		}

		if (unplugged && now >= unplugged.until) {
			fake.setDevice(unplugged.iface, Device.notInUse);
			unplugged = undefined;
		}

		if (now >= nextShiftChange) {
			nextShiftChange = now + real(exponential(shiftChangeEveryMin * 60));
			const leaving = everyone.find((a) => idle(a.iface, now, ringing) && !breaks.has(a.iface));
			const coming = everyone.find((a) => fake.memberships(a.iface).length === 0);
			if (leaving && coming) {
				fake.removeMember(queue, leaving.iface);
				fake.addMember(queue, coming.iface, coming.name, { wrapUpSec });
				stats.shiftChanges++;
			}
		}
	}

	const timer = setInterval(() => {
		try {
			step();
		} catch (err) {
			console.error('[fake-ami] scenario step failed:', err);
		}
	}, tickMs);

	return {
		stop() {
			clearInterval(timer);
		},
		get stats() {
			return { ...stats };
		}
	};
}
