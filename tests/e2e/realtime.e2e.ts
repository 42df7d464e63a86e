import { test, expect, signIn } from './fixtures.ts';

test('a change made elsewhere reaches an open console live and is announced', async ({
	page,
	request,
	adminToken,
	account
}) => {
	const { username, password } = await account('supervisor');
	await signIn(page, username, password);
	await expect(page.getByTestId('connection-status')).toHaveText('即時連線中');

	const list = await request.get('/api/categories', {
		headers: { authorization: `Bearer ${adminToken}` }
	});
	const { categories } = (await list.json()) as { categories: { code: string; nameZh: string }[] };
	const target = categories[0]!;
	const newName = `${target.nameZh}（測試${Date.now() % 1000}）`;
	const patched = await request.patch(`/api/categories/${target.code}`, {
		headers: { authorization: `Bearer ${adminToken}` },
		data: { nameZh: newName }
	});
	expect(patched.status()).toBe(200);
	await expect(page.getByTestId('announcer')).toHaveText(`案件類別已更新：${newName}`);
	// Put the name back so other tests see the seed.
	await request.patch(`/api/categories/${target.code}`, {
		headers: { authorization: `Bearer ${adminToken}` },
		data: { nameZh: target.nameZh }
	});
});
