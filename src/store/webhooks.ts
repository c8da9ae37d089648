/**
 * Webhooks and their delivery log. A delivery row is both the log entry and the claim: the
 * unique (webhook, period) key lets one enqueue win however many runners race, and a runner
 * posts a pending delivery only after moving its `claimed_until` forward in one statement.
 */
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../db/schema.ts';

export type WebhookFormat = WebhooksTable['format'];
export type WebhookFrequency = WebhooksTable['frequency'];
export type DeliveryStatus = WebhookDeliveriesTable['status'];

export interface Webhook {
  id: number;
  userId: number;
  filterId: number;
  format: WebhookFormat;
  frequency: WebhookFrequency;
  url: string;
  secret: string;
  failedPeriods: number;
  createdAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface Delivery {
  id: number;
  webhookId: number;
  period: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  payload: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A pending delivery this runner has claimed, with its webhook; `attempts` counts this one. */
export interface ClaimedDelivery extends Delivery {
  webhook: Webhook;
}

const webhookFromRow = (row: Selectable<WebhooksTable>): Webhook => ({
  id: Number(row.id),
  userId: Number(row.user_id),
  filterId: Number(row.filter_id),
  format: row.format,
  frequency: row.frequency,
  url: row.url,
  secret: row.secret,
  failedPeriods: row.failed_periods,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  disabledReason: row.disabled_reason,
});

const deliveryFromRow = (row: Selectable<WebhookDeliveriesTable>): Delivery => ({
  id: Number(row.id),
  webhookId: Number(row.webhook_id),
  period: row.period,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  payload: row.payload,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

export async function insertWebhook(
  db: Kysely<Database>,
  fields: Pick<Webhook, 'userId' | 'filterId' | 'format' | 'frequency' | 'url' | 'secret'>,
  now: Date,
): Promise<Webhook> {
  const row = await db
    .insertInto('webhooks')
    .values({
      user_id: fields.userId,
      filter_id: fields.filterId,
      format: fields.format,
      frequency: fields.frequency,
      url: fields.url,
      secret: fields.secret,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return webhookFromRow(row);
}

/** A member's webhooks, oldest first. */
export async function countWebhooks(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function webhooksOf(store: Store, userId: number): Promise<Webhook[]> {
  const rows = await store.db.selectFrom('webhooks').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  return rows.map(webhookFromRow);
}

/** The member's webhook of that id; null for another member's, as for none. */
export async function webhookOf(store: Store, userId: number, id: number): Promise<Webhook | null> {
  const row = await store.db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? webhookFromRow(row) : null;
}

export interface WebhookChanges {
  url?: string;
  format?: WebhookFormat;
  frequency?: WebhookFrequency;
  secret?: string;
  /** true: active again (the failure count starts over); false: paused by the member. */
  enabled?: { value: boolean; at: Date; reason: string };
}

export async function updateWebhook(store: Store, userId: number, id: number, changes: WebhookChanges): Promise<Webhook | null> {
  const { enabled } = changes;
  const row = await store.db
    .updateTable('webhooks')
    .set({
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.format !== undefined ? { format: changes.format } : {}),
      ...(changes.frequency !== undefined ? { frequency: changes.frequency } : {}),
      ...(changes.secret !== undefined ? { secret: changes.secret } : {}),
      ...(enabled?.value === true ? { disabled_at: null, disabled_reason: null, failed_periods: 0 } : {}),
      ...(enabled?.value === false ? { disabled_at: enabled.at.toISOString(), disabled_reason: enabled.reason } : {}),
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  return row ? webhookFromRow(row) : null;
}

export async function deleteWebhook(store: Store, userId: number, id: number): Promise<boolean> {
  const result = await store.db.deleteFrom('webhooks').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Active webhooks of a frequency with no delivery for the period yet: who is owed it. */
export async function webhooksOwed(store: Store, frequency: WebhookFrequency, period: string): Promise<Webhook[]> {
  const rows = await store.db
    .selectFrom('webhooks as w')
    .selectAll('w')
    .where('w.frequency', '=', frequency)
    .where('w.disabled_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('webhook_deliveries as d')
            .select('d.id')
            .whereRef('d.webhook_id', '=', 'w.id')
            .where('d.period', '=', period),
        ),
      ),
    )
    .orderBy('w.id')
    .execute();
  return rows.map(webhookFromRow);
}

/**
 * Records a period's delivery for a webhook: pending (due now) with its payload, or empty.
 * Returns false when the period already has one (another runner enqueued it first).
 */
export async function enqueueDelivery(
  store: Store,
  delivery: { webhookId: number; period: string; payload: string | null; now: Date },
): Promise<boolean> {
  const at = delivery.now.toISOString();
  const row = await store.db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: delivery.webhookId,
      period: delivery.period,
      status: delivery.payload === null ? 'empty' : 'pending',
      payload: delivery.payload,
      next_attempt_at: delivery.payload === null ? null : at,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['webhook_id', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a test post already claimed by `holder` until `claimedUntil`, so no scheduled
 * runner posts it too; the caller posts it once and settles it.
 */
export async function insertClaimedTest(
  store: Store,
  test: { webhookId: number; payload: string; holder: string; now: Date; claimedUntil: Date },
): Promise<Delivery> {
  const row = await store.db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: test.webhookId,
      // Tests are not periods: each has a key of its own, even two in the same millisecond.
      period: `test:${test.now.toISOString()}:${randomUUID().slice(0, 8)}`,
      status: 'pending',
      payload: test.payload,
      attempts: 1,
      holder: test.holder,
      claimed_until: test.claimedUntil.toISOString(),
      created_at: test.now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return deliveryFromRow(row);
}

/**
 * Claims pending deliveries that are due and that no live runner holds: one statement moves
 * their claim forward and counts the attempt, so two runners never post the same one.
 */
export async function claimDueDeliveries(
  store: Store,
  options: { holder: string; now: Date; claimUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const now = options.now.toISOString();
  const claimable = (eb: ExpressionBuilder<Database, 'webhook_deliveries'>) =>
    eb.and([
      eb('status', '=', 'pending'),
      eb('next_attempt_at', '<=', now),
      eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]),
    ]);
  const due = store.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where(claimable)
    .orderBy('next_attempt_at')
    .limit(options.limit);
  // The condition is checked again as each row is updated: a row another runner claimed
  // meanwhile (PostgreSQL re-reads it after the lock) no longer matches.
  const claimed = await store.db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ holder: options.holder, claimed_until: options.claimUntil.toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .where(claimable)
    .returningAll()
    .execute();
  if (claimed.length === 0) return [];
  const hooks = await store.db
    .selectFrom('webhooks')
    .selectAll()
    .where(
      'id',
      'in',
      claimed.map((row) => row.webhook_id),
    )
    .execute();
  const byId = new Map(hooks.map((row) => [Number(row.id), webhookFromRow(row)]));
  return claimed
    .map((row) => ({ ...deliveryFromRow(row), webhook: byId.get(Number(row.webhook_id))! }))
    .sort((a, b) => a.id - b.id);
}

export type DeliverySettlement =
  | { status: 'delivered'; statusCode: number; at: Date }
  | { status: 'pending'; statusCode: number | null; error: string; nextAttemptAt: Date }
  | { status: 'failed'; statusCode: number | null; error: string };

/** Settles a claim the caller holds; false when it no longer holds it (its claim ran out and another took it). */
export async function settleDelivery(
  store: Store,
  key: { id: number; holder: string },
  outcome: DeliverySettlement,
): Promise<boolean> {
  const result = await store.db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      claimed_until: null,
      last_status_code: outcome.statusCode,
      last_error: outcome.status === 'delivered' ? null : outcome.error.slice(0, 500),
      next_attempt_at: outcome.status === 'pending' ? outcome.nextAttemptAt.toISOString() : null,
      ...(outcome.status === 'delivered' ? { delivered_at: outcome.at.toISOString() } : {}),
    })
    .where('id', '=', key.id)
    .where('holder', '=', key.holder)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A delivered period starts the count of failed periods over. */
export async function resetFailedPeriods(store: Store, webhookId: number): Promise<void> {
  await store.db.updateTable('webhooks').set({ failed_periods: 0 }).where('id', '=', webhookId).execute();
}

/**
 * Counts a failed period; at `limit` in a row the webhook is disabled with `reason`.
 * Returns whether this failure disabled it.
 */
export async function countFailedPeriod(
  store: Store,
  webhookId: number,
  disable: { limit: number; reason: string; now: Date },
): Promise<boolean> {
  const row = await store.db
    .updateTable('webhooks')
    .set((eb) => ({ failed_periods: eb('failed_periods', '+', 1) }))
    .where('id', '=', webhookId)
    .returning('failed_periods')
    .executeTakeFirst();
  if (!row || row.failed_periods < disable.limit) return false;
  const disabled = await store.db
    .updateTable('webhooks')
    .set({ disabled_at: disable.now.toISOString(), disabled_reason: disable.reason })
    .where('id', '=', webhookId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return Number(disabled.numUpdatedRows) > 0;
}

/** A webhook's delivery log, newest first. */
export async function deliveriesOf(store: Store, webhookId: number, limit: number): Promise<Delivery[]> {
  const rows = await store.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(deliveryFromRow);
}

/** Removes finished deliveries (posted, failed for good, or empty) made before `before`; pending ones stay. */
export async function deleteFinishedDeliveries(store: Store, before: Date): Promise<number> {
  const deleted = await store.db
    .deleteFrom('webhook_deliveries')
    .where('status', '!=', 'pending')
    .where('created_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** When the earliest pending delivery falls due, or null when none waits. */
export async function nextDeliveryDue(store: Store): Promise<Date | null> {
  const row = await store.db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}
