import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { agentStateChanges, callRecords } from '../db/schema.ts';
import type { CallRecord, EngineChange } from './engine.ts';

/** Rows per INSERT, well under PostgreSQL's bind-parameter limit. */
const CHUNK = 500;

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Writes what the engine changed into the report tables, inside the leader's transaction:
 * agent state changes appended in order, and each call's latest record upserted by call id.
 */
export async function persistChanges(tx: Tx, changes: readonly EngineChange[]): Promise<void> {
	const agents = changes.flatMap((c) => (c.kind === 'agent' ? [c] : []));
	const calls = new Map<string, CallRecord>();
	for (const c of changes) if (c.kind === 'call') calls.set(c.record.callId, c.record);

	for (let i = 0; i < agents.length; i += CHUNK) {
		await tx.insert(agentStateChanges).values(
			agents.slice(i, i + CHUNK).map((c) => ({
				agent: c.agent,
				state: c.state,
				reason: c.reason,
				source: c.source,
				at: new Date(c.at)
			}))
		);
	}
	const records = [...calls.values()];
	for (let i = 0; i < records.length; i += CHUNK) {
		await tx
			.insert(callRecords)
			.values(
				records.slice(i, i + CHUNK).map((r) => ({
					callId: r.callId,
					queue: r.queue,
					source: r.source,
					joinedAt: new Date(r.joinedAt),
					answeredAt: date(r.answeredAt),
					endedAt: date(r.endedAt),
					outcome: r.outcome,
					agent: r.agent,
					waitSec: r.waitSec,
					talkSec: r.talkSec
				}))
			)
			.onConflictDoUpdate({
				target: callRecords.callId,
				set: {
					queue: sql`excluded.queue`,
					joinedAt: sql`excluded.joined_at`,
					answeredAt: sql`excluded.answered_at`,
					endedAt: sql`excluded.ended_at`,
					outcome: sql`excluded.outcome`,
					agent: sql`excluded.agent`,
					waitSec: sql`excluded.wait_sec`,
					talkSec: sql`excluded.talk_sec`
				}
			});
	}
}
