import { PositionThrottle, type DeviceFix, type ThrottleSettings } from './throttle.ts';

export type PositionProblem = 'denied' | 'unavailable' | 'unsupported' | null;

/**
 * Watches the device's position while the crew page is open and lets through what the
 * throttle allows (every interval, or sooner after moving the minimum distance). A crew
 * standing still gets no new fixes from a watch, so when the interval has passed without one,
 * it asks for a fresh fix itself.
 */
export class PositionWatch {
	/** The latest fix seen (sent or not), for the crew's own map. */
	current = $state.raw<DeviceFix | null>(null);
	problem = $state<PositionProblem>(null);
	readonly #throttle: PositionThrottle;

	constructor(settings: ThrottleSettings) {
		this.#throttle = new PositionThrottle(settings);
	}

	configure(settings: ThrottleSettings): void {
		this.#throttle.configure(settings);
	}

	/** Starts watching; `send` gets each fix to report. Returns the stop. */
	start(send: (fix: DeviceFix) => void, intervalSec: () => number): () => void {
		if (!('geolocation' in navigator)) {
			this.problem = 'unsupported';
			return () => {};
		}
		const options: PositionOptions = {
			enableHighAccuracy: true,
			maximumAge: 5000,
			timeout: 30_000
		};
		const onFix = (p: GeolocationPosition) => {
			const fix: DeviceFix = {
				lon: p.coords.longitude,
				lat: p.coords.latitude,
				atMs: p.timestamp,
				...(p.coords.heading !== null && Number.isFinite(p.coords.heading)
					? { heading: p.coords.heading }
					: {}),
				...(Number.isFinite(p.coords.accuracy) ? { accuracy: p.coords.accuracy } : {})
			};
			this.current = fix;
			this.problem = null;
			if (this.#throttle.offer(fix)) send(fix);
		};
		const onError = (e: GeolocationPositionError) => {
			this.problem = e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable';
		};
		const watch = navigator.geolocation.watchPosition(onFix, onError, options);
		let timer: ReturnType<typeof setTimeout>;
		const tick = () => {
			if (this.problem !== 'denied' && this.#throttle.due(Date.now())) {
				navigator.geolocation.getCurrentPosition(onFix, onError, {
					...options,
					maximumAge: 0
				});
			}
			timer = setTimeout(tick, Math.max(1, intervalSec()) * 1000);
		};
		timer = setTimeout(tick, Math.max(1, intervalSec()) * 1000);
		return () => {
			navigator.geolocation.clearWatch(watch);
			clearTimeout(timer);
		};
	}
}
