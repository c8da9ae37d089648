import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { SubscriptionsTable } from '../db/schema.ts';

export type Frequency = SubscriptionsTable['frequency'];
export type SubscriptionStatus = SubscriptionsTable['status'];

export interface Subscription {
  id: number;
  email: string;
  userId: number | null;
  frequency: Frequency;
  categories: string[];
  query: string | null;
  status: SubscriptionStatus;
  nonce: string;
  permanentFailures: number;
  confirmedAt: string | null;
  /** The saved filter whose digest this is; null for the hub's digest. */
  filterId: number | null;
}

export interface SubscriptionRequest {
  email: string;
  frequency: Frequency;
  categories: string[];
  query: string | null;
  userId: number | null;
}

/** What asking to subscribe did: a new or renewed pending subscription, or nothing. */
export type SubscribeOutcome = 'created' | 'updated' | 'already-confirmed';

// After this many permanent (5xx) failures in a row an address gets no more digests.
export const UNDELIVERABLE_AFTER = 3;

/**
 * Records a request to subscribe. One row per address: asking again updates a pending
 * subscription, renews an ended one (with a new nonce, so old links stop working), and
 * leaves a confirmed one alone — an unconfirmed request must not change what the owner chose.
 */
export async function requestSubscription(
  store: Store,
  request: SubscriptionRequest,
  now = new Date(),
): Promise<{ subscription: Subscription; outcome: SubscribeOutcome }> {
  const at = now.toISOString();
  const preferences = {
    frequency: request.frequency,
    categories: JSON.stringify(request.categories),
    query: request.query,
    user_id: request.userId,
    updated_at: at,
  };
  return store.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('subscriptions')
      .values({ ...preferences, email: request.email, status: 'pending', nonce: newNonce(), created_at: at })
      .onConflict((oc) => oc.column('email').where('filter_id', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { subscription: subscriptionFromRow(inserted), outcome: 'created' as const };
    const existing = await trx
      .selectFrom('subscriptions')
      .selectAll()
      .where('email', '=', request.email)
      .where('filter_id', 'is', null)
      .executeTakeFirstOrThrow();
    if (existing.status === 'confirmed')
      return { subscription: subscriptionFromRow(existing), outcome: 'already-confirmed' as const };
    const renewed =
      existing.status === 'pending'
        ? {}
        : { status: 'pending' as const, nonce: newNonce(), permanent_failures: 0, confirmed_at: null };
    const row = await trx
      .updateTable('subscriptions')
      .set({ ...preferences, ...renewed })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { subscription: subscriptionFromRow(row), outcome: 'updated' as const };
  });
}

/**
 * Claims the right to send a confirmation mail to a subscription, at most once per interval,
 * in one statement so concurrent requests cannot both win: the form cannot be used to flood
 * somebody's inbox.
 */
export async function claimConfirmationMail(store: Store, id: number, intervalMs: number, now = new Date()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - intervalMs).toISOString();
  const row = await store.db
    .updateTable('subscriptions')
    .set({ confirmation_sent_at: now.toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('confirmation_sent_at', 'is', null), eb('confirmation_sent_at', '<', cutoff)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function getSubscription(store: Store, id: number): Promise<Subscription | null> {
  const row = await store.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? subscriptionFromRow(row) : null;
}

export async function findSubscriptionByEmail(store: Store, email: string): Promise<Subscription | null> {
  const row = await store.db
    .selectFrom('subscriptions')
    .selectAll()
    .where('email', '=', email)
    .where('filter_id', 'is', null)
    .executeTakeFirst();
  return row ? subscriptionFromRow(row) : null;
}

/** A link's answer: it changed the subscription, found it already so, or belongs to an older one. */
export type LinkOutcome = 'done' | 'already' | 'stale';

/** Confirms a pending subscription whose nonce the link carries. */
export async function confirmSubscription(store: Store, id: number, nonce: string, now = new Date()): Promise<LinkOutcome> {
  return changeStatus(store, id, nonce, 'pending', {
    status: 'confirmed',
    confirmed_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
}

/** Ends a confirmed or pending subscription whose nonce the link carries. */
export async function endSubscription(store: Store, id: number, nonce: string, now = new Date()): Promise<LinkOutcome> {
  const ended = await changeStatus(store, id, nonce, 'confirmed', { status: 'unsubscribed', updated_at: now.toISOString() });
  if (ended !== 'already') return ended;
  return changeStatus(store, id, nonce, 'pending', { status: 'unsubscribed', updated_at: now.toISOString() });
}

async function changeStatus(
  store: Store,
  id: number,
  nonce: string,
  from: SubscriptionStatus,
  set: { status: SubscriptionStatus; updated_at: string; confirmed_at?: string },
): Promise<LinkOutcome> {
  const changed = await store.db
    .updateTable('subscriptions')
    .set(set)
    .where('id', '=', id)
    .where('nonce', '=', nonce)
    .where('status', '=', from)
    .returning('id')
    .executeTakeFirst();
  if (changed) return 'done';
  const row = await store.db
    .selectFrom('subscriptions')
    .select('id')
    .where('id', '=', id)
    .where('nonce', '=', nonce)
    .executeTakeFirst();
  return row ? 'already' : 'stale';
}

/** Changes what a current (pending or confirmed) subscription receives. */
export async function updatePreferences(
  store: Store,
  id: number,
  nonce: string,
  preferences: Pick<SubscriptionRequest, 'frequency' | 'categories'>,
  now = new Date(),
): Promise<boolean> {
  const row = await store.db
    .updateTable('subscriptions')
    .set({ frequency: preferences.frequency, categories: JSON.stringify(preferences.categories), updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('nonce', '=', nonce)
    .where('status', 'in', ['pending', 'confirmed'])
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts a permanent failure; the address is marked undeliverable when they keep coming. */
export async function notePermanentFailure(store: Store, id: number, now = new Date()): Promise<void> {
  await store.db
    .updateTable('subscriptions')
    .set((eb) => ({
      permanent_failures: eb('permanent_failures', '+', 1),
      status: eb
        .case()
        .when('permanent_failures', '>=', UNDELIVERABLE_AFTER - 1)
        .then('undeliverable' as const)
        .else(eb.ref('status'))
        .end(),
      updated_at: now.toISOString(),
    }))
    .where('id', '=', id)
    .execute();
}

/** A delivery ends a run of permanent failures. */
export async function noteDelivered(store: Store, id: number): Promise<void> {
  await store.db.updateTable('subscriptions').set({ permanent_failures: 0 }).where('id', '=', id).execute();
}

function newNonce(): string {
  return randomBytes(9).toString('base64url');
}

export function subscriptionFromRow(row: Selectable<SubscriptionsTable>): Subscription {
  return {
    id: row.id,
    email: row.email,
    userId: row.user_id,
    frequency: row.frequency,
    categories: JSON.parse(row.categories) as string[],
    query: row.query,
    status: row.status,
    nonce: row.nonce,
    permanentFailures: row.permanent_failures,
    confirmedAt: row.confirmed_at,
    filterId: row.filter_id === null ? null : Number(row.filter_id),
  };
}
