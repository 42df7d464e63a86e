import { PNG } from 'pngjs';
import { test, expect, signIn } from './fixtures.ts';

test('the map page draws the 38 districts offline and lets a keyboard user pick one', async ({
	page,
	account,
	axe
}) => {
	// Nothing may come from outside: every request must be to our own origin.
	const foreign: string[] = [];
	page.on('request', (r) => {
		const url = new URL(r.url());
		if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:')
			foreign.push(r.url());
	});
	const { username, password } = await account('dispatcher');
	await signIn(page, username, password);
	await page.getByRole('navigation').getByRole('link', { name: '地圖', exact: true }).click();

	const map = page.getByTestId('district-map');
	await expect(map).toHaveAttribute('data-ready', 'true');
	await expect(page.getByRole('region', { name: '高雄市行政區地圖' })).toBeVisible();
	const list = page.getByRole('complementary');
	await expect(list.getByRole('button')).toHaveCount(38);

	// A non-blank canvas: the district fills give the map many colours, a blank one has one.
	const shot = PNG.sync.read(await map.screenshot());
	const colours = new Set<number>();
	for (let i = 0; i < shot.data.length; i += 4 * 7) {
		colours.add((shot.data[i]! << 16) | (shot.data[i + 1]! << 8) | shot.data[i + 2]!);
	}
	expect(colours.size).toBeGreaterThan(20);

	// Pick 苓雅區 by keyboard: focus, Enter; the choice is pressed and announced.
	const lingya = list.getByRole('button', { name: '苓雅區' });
	await lingya.focus();
	await page.keyboard.press('Enter');
	await expect(lingya).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('announcer')).toHaveText('已選取 苓雅區');
	await axe();
	expect(foreign).toEqual([]);
});
