import { parseArgs } from 'node:util';
import { FakeAmi } from './fake-ami.ts';
import { startScenario } from './fake-ami-scenario.ts';

/*
 * `npm run fake-ami -- --port 5038`: a fake Asterisk with a looping call-centre scenario, for
 * the demo and for trying the AMI source by hand:
 *   AMI_URL=tcp://citydesk:secret@127.0.0.1:5038 npm start
 */

const { values } = parseArgs({
	options: {
		host: { type: 'string', default: '127.0.0.1' },
		port: { type: 'string', default: '5038' },
		user: { type: 'string', default: 'citydesk' },
		secret: { type: 'string', default: 'secret' },
		queue: { type: 'string', default: '1999' },
		agents: { type: 'string', default: '8' },
		'calls-per-hour': { type: 'string', default: '180' },
		speed: { type: 'string', default: '1' },
		seed: { type: 'string', default: '1999' },
		timestamps: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false }
	}
});

if (values.help) {
	console.log(
		'npm run fake-ami -- [--port 5038] [--host 127.0.0.1] [--user citydesk] [--secret secret]\n' +
			'  [--queue 1999] [--agents 8] [--calls-per-hour 180] [--speed 1] [--seed 1999] [--timestamps]'
	);
	process.exit(0);
}

function positive(name: string, value: string): number {
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0) {
		console.error(`--${name} must be a positive number, not ${JSON.stringify(value)}`);
		process.exit(2);
	}
	return n;
}

const fake = await FakeAmi.start({
	host: values.host,
	port: positive('port', values.port),
	username: values.user,
	secret: values.secret,
	timestampEvents: values.timestamps,
	log: (line) => console.log(line)
});
const scenario = startScenario(fake, {
	queue: values.queue,
	agents: positive('agents', values.agents),
	callsPerHour: positive('calls-per-hour', values['calls-per-hour']),
	speed: positive('speed', values.speed),
	seed: positive('seed', values.seed)
});

console.log(`fake AMI listening on ${values.host}:${fake.port}, queue ${values.queue}`);
console.log(`point CityDesk at it: AMI_URL=${fake.url()} npm start`);

const status = setInterval(() => {
	const s = scenario.stats;
	console.log(
		`[fake-ami] ${fake.loggedIn} client(s); waiting ${fake.callers(values.queue).length}; ` +
			`offered ${s.offered}, answered ${s.answered}, abandoned ${s.abandoned}, completed ${s.completed}`
	);
}, 30_000);

async function shutdown(): Promise<void> {
	clearInterval(status);
	scenario.stop();
	await fake.close();
	process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
