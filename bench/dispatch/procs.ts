// CPU time of this benchmark's child processes, from /proc (Linux); empty elsewhere.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Child pids of `pid`, recursively; empty where there is no /proc. */
export function descendants(pid: number | undefined): number[] {
	if (pid === undefined) return [];
	const found: number[] = [];
	let tasks: string[];
	try {
		tasks = readdirSync(`/proc/${pid}/task`);
	} catch {
		return found;
	}
	for (const task of tasks) {
		let children: string;
		try {
			children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
		} catch {
			continue;
		}
		for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
			found.push(child, ...descendants(child));
		}
	}
	return found;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
		ticksPerSecond = Number(out.stdout?.trim()) || 100;
	}
	return ticksPerSecond;
}

/**
 * What a process is: Chromium's process type, the app server, the wallboard benchmark's client
 * processes, or null for anything else.
 */
function role(pid: number): string | null {
	let cmdline: string;
	try {
		// Chromium rewrites its children's titles into one space-separated string: no \0 split.
		cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
	} catch {
		return null;
	}
	if (/src\/server\.ts\b/.test(cmdline)) return 'server';
	if (/bench\/wallboard-clients\.ts\b/.test(cmdline)) return 'bench_clients';
	if (!/^\S*chrom/i.test(cmdline)) return null;
	const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
	return `chromium_${type.replaceAll('-', '_')}`;
}

/**
 * User + system CPU ms so far of every descendant, summed by role (this process as `bench`, all
 * cores of the machine together as `machine`), and the app server's resident memory.
 */
export function cpuByRole(): Record<string, number> {
	const totals: Record<string, number> = {};
	for (const pid of descendants(process.pid)) {
		const r = role(pid);
		if (!r) continue;
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			// Fields after the parenthesised command name; utime and stime are the 14th and 15th.
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const ticks = Number(rest[11]) + Number(rest[12]);
			totals[r] = (totals[r] ?? 0) + (ticks / clockTicks()) * 1000;
			if (r === 'server') {
				const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
				if (kib?.[1]) totals.server_rss_mib = (totals.server_rss_mib ?? 0) + Number(kib[1]) / 1024;
			}
		} catch {
			// Exited meanwhile.
		}
	}
	const self = process.cpuUsage();
	totals.bench = (self.user + self.system) / 1000;
	// The whole machine's busy time, so what is not ours (PostgreSQL, anything else) shows too.
	try {
		const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
		const n = fields.map(Number);
		const all = n.slice(0, 8).reduce((a, b) => a + b, 0);
		const idle = (n[3] ?? 0) + (n[4] ?? 0);
		totals.machine = ((all - idle) / clockTicks()) * 1000;
	} catch {
		// No /proc/stat.
	}
	return totals;
}
