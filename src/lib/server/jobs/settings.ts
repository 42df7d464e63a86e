import type { Env } from '../env.ts';
import type { JobSettings } from './service.ts';

/** The job rules' settings from the parsed environment. */
export function jobSettings(env: Env): JobSettings {
	return {
		geocoderUrl: env.GEOCODER_URL,
		geocoderTimeoutMs: env.GEOCODER_TIMEOUT_MS,
		priorityStepsAt: env.DUPLICATE_PRIORITY_STEPS
	};
}
