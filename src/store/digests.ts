import type { Store } from '../db/connect.ts';
import type { DigestSendsTable } from '../db/schema.ts';
import { type Frequency, type Subscription, subscriptionFromRow } from './subscriptions.ts';

export type SendStatus = DigestSendsTable['status'];

/** A send this run has claimed, and how many times it has been tried, this one included. */
export interface Claim {
  subscription: Subscription;
  attempts: number;
}

/** Confirmed subscribers of a frequency with no send record for the period: who is owed a digest. */
function unsentSubscriptions(store: Store, period: string, frequency: Frequency) {
  return store.db
    .selectFrom('subscriptions as s')
    .selectAll('s')
    .where('s.status', '=', 'confirmed')
    .where('s.frequency', '=', frequency)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('digest_sends as d')
            .select('d.period')
            .whereRef('d.subscription_id', '=', 's.id')
            .where('d.period', '=', period),
        ),
      ),
    );
}

/**
 * Claims the next confirmed subscribers (by id, after `afterId`) who have no send record for
 * the period. The claim *is* the send record: its primary key (subscriber, period) lets one
 * claim win however many senders race, so nobody gets a second copy. Returns the claimed
 * subscriptions and where the scan stopped (null when there is nobody left).
 */
export async function claimUnsentBatch(
  store: Store,
  options: { period: string; frequency: Frequency; holder: string; afterId: number; limit: number; now: Date },
): Promise<{ claimed: Claim[]; lastId: number | null }> {
  const { period, frequency, holder, afterId, limit, now } = options;
  const candidates = await store.db
    .selectFrom(unsentSubscriptions(store, period, frequency).as('s'))
    .selectAll('s')
    .where('s.id', '>', afterId)
    .orderBy('s.id')
    .limit(limit)
    .execute();
  if (candidates.length === 0) return { claimed: [], lastId: null };
  const won = await store.db
    .insertInto('digest_sends')
    .values(
      candidates.map((s) => ({
        subscription_id: s.id,
        period,
        status: 'sending' as const,
        holder,
        attempts: 1,
        claimed_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'period']).doNothing())
    .returning('subscription_id')
    .execute();
  const wonIds = new Set(won.map((w) => Number(w.subscription_id)));
  const claimed = candidates
    .filter((s) => wonIds.has(s.id))
    .map((row) => ({ subscription: subscriptionFromRow(row), attempts: 1 }));
  return { claimed, lastId: candidates.at(-1)!.id };
}

/** Claims sends that failed for a temporary reason and are due again. */
export async function claimDueRetries(
  store: Store,
  options: { period: string; holder: string; limit: number; now: Date },
): Promise<Claim[]> {
  const { period, holder, limit, now } = options;
  const due = store.db
    .selectFrom('digest_sends as d')
    .innerJoin('subscriptions as s', 's.id', 'd.subscription_id')
    .select('d.subscription_id')
    .where('d.period', '=', period)
    .where('d.status', '=', 'retry')
    .where('d.next_attempt_at', '<=', now.toISOString())
    .where('s.status', '=', 'confirmed')
    .orderBy('d.subscription_id')
    .limit(limit);
  const claimed = await store.db
    .updateTable('digest_sends')
    .set((eb) => ({ status: 'sending', holder, attempts: eb('attempts', '+', 1), claimed_at: now.toISOString() }))
    .where('period', '=', period)
    .where('status', '=', 'retry')
    .where('subscription_id', 'in', due)
    .returning(['subscription_id', 'attempts'])
    .execute();
  if (claimed.length === 0) return [];
  const attempts = new Map(claimed.map((c) => [Number(c.subscription_id), c.attempts]));
  const rows = await store.db
    .selectFrom('subscriptions')
    .selectAll()
    .where(
      'id',
      'in',
      claimed.map((c) => c.subscription_id),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ subscription: subscriptionFromRow(row), attempts: attempts.get(row.id)! }));
}

/**
 * Claims left `sending` by a run that died (its lease has passed to the caller) are put back
 * as due retries. The message may or may not have reached the server; retrying is the side
 * that gets it to the subscriber, and the stable Message-ID lets a receiver drop a repeat.
 */
export async function reclaimAbandonedSends(store: Store, period: string, holder: string, now: Date): Promise<number> {
  const result = await store.db
    .updateTable('digest_sends')
    .set({ status: 'retry', next_attempt_at: now.toISOString() })
    .where('period', '=', period)
    .where('status', '=', 'sending')
    .where('holder', '!=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** When the earliest temporary failure of the period is due again, or null when none waits. */
export async function nextRetryAt(store: Store, period: string): Promise<Date | null> {
  const row = await store.db
    .selectFrom('digest_sends as d')
    .innerJoin('subscriptions as s', 's.id', 'd.subscription_id')
    .select((eb) => eb.fn.min('d.next_attempt_at').as('next'))
    .where('d.period', '=', period)
    .where('d.status', '=', 'retry')
    .where('s.status', '=', 'confirmed')
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}

/** Settles a claim the caller holds: sent, empty, failed, or retry at `nextAttemptAt`. */
export async function settleSend(
  store: Store,
  key: { subscriptionId: number; period: string; holder: string },
  outcome:
    | { status: 'sent'; messageId: string; at: Date }
    | { status: 'empty' }
    | { status: 'failed'; error: string }
    | { status: 'retry'; error: string; nextAttemptAt: Date },
): Promise<void> {
  await store.db
    .updateTable('digest_sends')
    .set({
      status: outcome.status,
      ...(outcome.status === 'sent' ? { message_id: outcome.messageId, sent_at: outcome.at.toISOString() } : {}),
      ...(outcome.status === 'failed' || outcome.status === 'retry' ? { last_error: outcome.error.slice(0, 500) } : {}),
      ...(outcome.status === 'retry' ? { next_attempt_at: outcome.nextAttemptAt.toISOString() } : {}),
    })
    .where('subscription_id', '=', key.subscriptionId)
    .where('period', '=', key.period)
    .where('holder', '=', key.holder)
    .execute();
}

/** Send records of a period by status, e.g. { sent: 9998, failed: 2 }. */
export async function sendCounts(store: Store, period: string): Promise<Partial<Record<SendStatus, number>>> {
  const rows = await store.db
    .selectFrom('digest_sends')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('period', '=', period)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** How many confirmed subscribers of a frequency have no send record for the period yet. */
export async function countUnsent(store: Store, period: string, frequency: Frequency): Promise<number> {
  const row = await store.db
    .selectFrom(unsentSubscriptions(store, period, frequency).as('s'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
