import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// The service worker serves the crew tablet: only /crew registers it, so an office
		// console never downloads the offline shell (src/service-worker.ts).
		serviceWorker: { register: false },
		// Our own check in hooks.server.ts replaces SvelteKit's: it also lets API clients that sign
		// with a bearer token (not a cookie, so not forgeable cross-site) post multipart photos.
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
