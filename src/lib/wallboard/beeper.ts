/** What the sound toggle shows: off, on, or on but the browser has not allowed audio yet. */
export type SoundState = 'off' | 'on' | 'blocked';

const PREFERENCE = 'citydesk.wallboard.sound';

/**
 * The wallboard's alarm tone: two short beeps through Web Audio, no sound file. Off unless the
 * user turned it on (the choice is remembered on this screen); every beep accompanies an alarm
 * that is also shown and announced, so sound is never the only signal.
 */
export class Beeper {
	#context: AudioContext | undefined;
	#enabled = false;

	/** Whether this screen had sound turned on before (read once at start). */
	static remembered(): boolean {
		try {
			return localStorage.getItem(PREFERENCE) === 'on';
		} catch {
			return false;
		}
	}

	/** Turns sound on or off; call from the toggle's click so the browser lets audio start. */
	async setEnabled(on: boolean): Promise<SoundState> {
		this.#enabled = on;
		try {
			localStorage.setItem(PREFERENCE, on ? 'on' : 'off');
		} catch {
			// Private mode: the choice lasts this page only.
		}
		if (!on) return 'off';
		return this.#resume();
	}

	/** Plays the alarm tone if sound is on; answers the state after trying. */
	async beep(): Promise<SoundState> {
		if (!this.#enabled) return 'off';
		const state = await this.#resume();
		const ctx = this.#context;
		if (state !== 'on' || !ctx) return state;
		const start = ctx.currentTime + 0.02;
		for (const offset of [0, 0.3]) {
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.type = 'square';
			osc.frequency.value = 880;
			// A short ramp at both ends: no clicks.
			gain.gain.setValueAtTime(0, start + offset);
			gain.gain.linearRampToValueAtTime(0.2, start + offset + 0.01);
			gain.gain.setValueAtTime(0.2, start + offset + 0.18);
			gain.gain.linearRampToValueAtTime(0, start + offset + 0.2);
			osc.connect(gain).connect(ctx.destination);
			osc.start(start + offset);
			osc.stop(start + offset + 0.21);
		}
		return 'on';
	}

	/** Releases the audio device (page teardown). */
	close(): void {
		void this.#context?.close().catch(() => undefined);
		this.#context = undefined;
	}

	async #resume(): Promise<SoundState> {
		if (typeof AudioContext === 'undefined') return 'blocked';
		this.#context ??= new AudioContext();
		if (this.#context.state === 'suspended') {
			// Without a recent click the browser keeps it suspended: resume() would wait forever.
			await Promise.race([
				this.#context.resume().catch(() => undefined),
				new Promise((resolve) => setTimeout(resolve, 300))
			]);
		}
		return this.#context.state === 'running' ? 'on' : 'blocked';
	}
}
