import { getContext, setContext } from 'svelte';
import type { RealtimeConnection } from './connection.svelte.ts';

const KEY = Symbol('realtime');

/** Makes the console's connection available to pages. */
export function provideRealtime(connection: () => RealtimeConnection | undefined): void {
	setContext(KEY, connection);
}

/** The console's connection (undefined during server rendering). */
export function useRealtime(): RealtimeConnection | undefined {
	return getContext<() => RealtimeConnection | undefined>(KEY)();
}
