/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/*
 * The crew tablet's offline shell (issue 4), registered by the /crew page only (an office
 * console never installs it; on a tablet it passes office pages through untouched). It keeps the
 * built app and the static files of this version, the crew page itself, and the map tiles and
 * photo thumbnails the tablet has seen. Everything else (the API, Socket.IO) passes through
 * untouched: the jobs live in IndexedDB (src/lib/crew), never in this cache, and stale API
 * answers would be worse than none.
 */

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `crew-shell-${version}`;
/** Tiles and thumbnails outlive a version: they do not change with the code. */
const RUNTIME = 'crew-runtime-v1';
const PAGES = ['/crew'];
const ASSETS = new Set([...build, ...files]);
/** Enough tiles for a crew's districts at street zoom; the oldest go first. */
const RUNTIME_LIMIT = 600;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(SHELL);
			await cache.addAll([...ASSETS]);
			// The page of this version, if this browser is signed in as a crew; the page asks
			// again once it is open (see 'message'), so a failure here costs nothing.
			await Promise.all(PAGES.map((path) => cachePage(cache, path)));
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== SHELL && key !== RUNTIME) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

/** Stores a fresh copy of a page; only a real 200 page, never a redirect to the login. */
async function cachePage(cache: Cache, path: string): Promise<boolean> {
	try {
		const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
		if (!response.ok || response.redirected || response.type !== 'basic') return false;
		await cache.put(path, response);
		return true;
	} catch {
		return false;
	}
}

function pageKey(url: URL): string | null {
	return PAGES.find((p) => url.pathname === p || url.pathname === `${p}/`) ?? null;
}

sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string; url?: string } | null;
	if (data?.type !== 'cache-page' || !data.url) return;
	const key = pageKey(new URL(data.url, sw.location.origin));
	const port = event.ports[0];
	event.waitUntil(
		(async () => {
			const cache = await caches.open(SHELL);
			const cached = key ? (await cachePage(cache, key)) || !!(await cache.match(key)) : false;
			port?.postMessage({ cached });
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (request.method !== 'GET' || request.headers.has('range')) return;

	if (ASSETS.has(url.pathname)) {
		event.respondWith(cacheFirst(SHELL, request));
		return;
	}
	const page = pageKey(url);
	if (page && request.mode === 'navigate') {
		event.respondWith(networkFirstPage(request, page));
		return;
	}
	if (url.pathname.startsWith('/api/tiles/')) {
		// A tile never seen offline is an empty tile, not an error: the map shows what it has.
		event.respondWith(networkFirst(RUNTIME, request, () => new Response(new Uint8Array(0))));
		return;
	}
	if (/^\/api\/photos\/\d+\/thumbnail$/.test(url.pathname)) {
		event.respondWith(networkFirst(RUNTIME, request));
	}
});

async function cacheFirst(name: string, request: Request): Promise<Response> {
	const cache = await caches.open(name);
	const hit = await cache.match(request);
	if (hit) return hit;
	const response = await fetch(request);
	if (response.ok) await cache.put(request, response.clone());
	return response;
}

/**
 * The crew page: the server's answer when there is one (and keep it), the kept copy when the
 * network is down. Search parameters do not change the page, so one copy serves them all.
 */
async function networkFirstPage(request: Request, key: string): Promise<Response> {
	const cache = await caches.open(SHELL);
	try {
		const response = await fetch(request);
		if (response.ok && !response.redirected && response.type === 'basic') {
			await cache.put(key, response.clone());
		}
		return response;
	} catch (err) {
		const hit = await cache.match(key);
		if (!hit) throw err;
		// Marked, so that the page (and a test) can tell the kept copy from a fresh one.
		const headers = new Headers(hit.headers);
		headers.set('x-citydesk-offline', 'cached');
		return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
	}
}

async function networkFirst(
	name: string,
	request: Request,
	fallback?: () => Response
): Promise<Response> {
	const cache = await caches.open(name);
	try {
		const response = await fetch(request);
		if (response.ok) {
			await cache.put(request, response.clone());
			void trim(cache);
		}
		return response;
	} catch (err) {
		const hit = await cache.match(request);
		if (hit) return hit;
		if (fallback) return fallback();
		throw err;
	}
}

async function trim(cache: Cache): Promise<void> {
	const keys = await cache.keys();
	// Cache.keys() lists in insertion order: the first are the oldest.
	for (const key of keys.slice(0, Math.max(0, keys.length - RUNTIME_LIMIT)))
		await cache.delete(key);
}
