import distance from '@turf/distance';

/** A position as the device measured it; `atMs` is the device's own timestamp. */
export interface DeviceFix {
	lon: number;
	lat: number;
	atMs: number;
	heading?: number;
	accuracy?: number;
}

/** From `CrewJobsResponse.settings` (CREW_POSITION_INTERVAL_SEC, CREW_POSITION_MIN_METERS). */
export interface ThrottleSettings {
	intervalSec: number;
	minMeters: number;
}

/** Metres between two fixes on the WGS84 sphere. */
export function metersBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
	return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

/**
 * Decides which fixes of a geolocation watch are sent: one every `intervalSec` seconds, or
 * sooner once the crew has moved `minMeters` from the last fix sent — whichever comes first.
 * Time is the device's fix timestamps, so the rule holds offline and in tests alike.
 */
export class PositionThrottle {
	#settings: ThrottleSettings;
	#last: DeviceFix | null = null;

	constructor(settings: ThrottleSettings) {
		this.#settings = settings;
	}

	/** The last fix that was let through. */
	get last(): DeviceFix | null {
		return this.#last;
	}

	/** New settings from the server apply from the next fix on. */
	configure(settings: ThrottleSettings): void {
		this.#settings = settings;
	}

	/** Whether to send this fix; a sent fix becomes the reference for the next ones. */
	offer(fix: DeviceFix): boolean {
		if (!Number.isFinite(fix.lon) || !Number.isFinite(fix.lat) || !Number.isFinite(fix.atMs)) {
			return false;
		}
		const last = this.#last;
		if (last) {
			// Older than what was sent (a cached fix delivered late): never move the crew back.
			if (fix.atMs <= last.atMs) return false;
			const elapsed = fix.atMs - last.atMs;
			const moved = metersBetween(last, fix);
			if (elapsed < this.#settings.intervalSec * 1000 && moved < this.#settings.minMeters) {
				return false;
			}
		}
		this.#last = fix;
		return true;
	}

	/**
	 * Whether the interval has passed since the last sent fix at `nowMs` (device clock): a
	 * crew standing still gets no new fixes from a watch, so the caller asks for one then.
	 */
	due(nowMs: number): boolean {
		return !this.#last || nowMs - this.#last.atMs >= this.#settings.intervalSec * 1000;
	}
}
