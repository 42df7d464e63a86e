// Before e2e: use Debian's Chromium (or CHROMIUM_PATH); only where neither exists, fetch
// Playwright's own build, which needs a network this project's CI machines do not have.
import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../../playwright.config.ts';

const found = chromiumPath();
if (found) {
	console.log(`[e2e] Chromium: ${found}`);
} else {
	console.log(
		'[e2e] no Chromium at CHROMIUM_PATH or /usr/bin/chromium: installing Playwright’s own'
	);
	const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
	process.exit(r.status ?? 1);
}
