import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/index.ts';
import { conflictText } from './conflict-text.ts';
import type { Conflict } from './outbox.ts';

const base: Conflict = {
	key: 'k-0001-abcd',
	jobId: 42,
	to: 'on_site',
	code: 'illegal_transition',
	reason: 'a job cannot move from cancelled to on_site',
	jobStatus: 'cancelled',
	at: '2026-11-28T10:00:00Z'
};

describe('conflictText', () => {
	const zh = translator('zh-TW');
	const en = translator('en');

	it('says in plain words that a cancelled job could not take the move', () => {
		expect(conflictText(base, zh)).toBe(
			'案件 #42 目前是「已取消」，不能改為「已到場」，這筆回報沒有生效。'
		);
		expect(conflictText(base, en)).toBe(
			'Job #42 is now “Cancelled” and cannot become “On site”; this update did not take effect.'
		);
	});

	it('says the job was cancelled even when the server answers "not assigned" (no crew any more)', () => {
		expect(conflictText({ ...base, code: 'not_assigned' }, zh)).toBe(
			'案件 #42 目前是「已取消」，不能改為「已到場」，這筆回報沒有生效。'
		);
	});

	it('names a reassignment as such', () => {
		const text = conflictText(
			{ ...base, code: 'not_assigned', to: 'done', jobStatus: 'dispatched' },
			zh
		);
		expect(text).toContain('已改派給其他班組');
		expect(text).toContain('處理完成');
	});

	it('calls "cannot complete" by its name, not by the status it sends', () => {
		expect(conflictText({ ...base, code: 'not_found', to: 'accepted', jobStatus: null }, en)).toBe(
			'Job #42 no longer exists; your “Cannot complete” did not take effect.'
		);
	});

	it('falls back to the server’s words for other codes, and handles refused photos', () => {
		const other = { ...base, code: 'out_of_order', reason: 'seq 3 after 5', jobStatus: null };
		expect(conflictText(other, en)).toContain('seq 3 after 5');
		expect(conflictText({ ...base, to: 'photo', reason: 'too large' }, zh)).toBe(
			'案件 #42 的照片無法上傳：too large'
		);
	});
});
