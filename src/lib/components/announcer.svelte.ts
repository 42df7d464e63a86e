import { getContext, setContext } from 'svelte';

const KEY = Symbol('announcer');

/** Messages for the page's aria-live region: the visual and spoken twin of every alert. */
export class Announcer {
	polite = $state('');
	assertive = $state('');

	/** Speaks a message to screen readers; `assertive` interrupts, for alarms only. */
	announce(message: string, urgency: 'polite' | 'assertive' = 'polite'): void {
		// Clear first so that the same message twice is announced twice.
		this[urgency] = '';
		queueMicrotask(() => (this[urgency] = message));
	}
}

/** Provides the announcer to the tree (root layout). */
export function provideAnnouncer(): Announcer {
	return setContext(KEY, new Announcer());
}

/** The root layout's announcer. */
export function useAnnouncer(): Announcer {
	return getContext<Announcer>(KEY);
}
