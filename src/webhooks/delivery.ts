/**
 * The delivery engine: each period, one post per active webhook (its document built once and
 * stored), then posting what is due, retrying temporary failures with exponential backoff and
 * jitter until a bounded number of attempts, and disabling a webhook whose periods keep
 * failing. Runners share the work through the delivery rows (src/store/webhooks.ts): however
 * many run at once, a period is enqueued once and each attempt is made by one runner.
 */
import type { Logger } from 'pino';
import { addDays } from '../core/dates.ts';
import type { Store } from '../db/connect.ts';
import {
  claimDueDeliveries,
  type ClaimedDelivery,
  countFailedPeriod,
  type DeliverySettlement,
  enqueueDelivery,
  insertClaimedTest,
  resetFailedPeriods,
  settleDelivery,
  updateWebhook,
  type Webhook,
  type WebhookFrequency,
  webhooksOwed,
} from '../store/webhooks.ts';
import { type WebhookDocument, webhookDocument, type WebhookItemOf } from './document.ts';
import { postBody } from './formats.ts';
import { type AttemptResult, postOnce } from './post.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureOf, TIMESTAMP_HEADER } from './signature.ts';
import type { WebhookSource } from './source.ts';

export interface WebhookDeps {
  store: Store;
  source: WebhookSource;
  itemOf: WebhookItemOf;
  /** WEBHOOK_ALLOW_PRIVATE: receivers on loopback and private networks may be posted to. */
  allowPrivate: boolean;
  logger: Pick<Logger, 'info' | 'warn'>;
  policy: DeliveryPolicy;
}

export interface DeliveryPolicy {
  /** One attempt, from connecting to the answer. */
  timeoutMs: number;
  /** Delay before the first retry; it doubles with each attempt (jittered), or follows Retry-After when longer. */
  retryBaseMs: number;
  /** Attempts, the first included, before a period's post is given up as failed. */
  maxAttempts: number;
  /** Failed periods in a row after which a webhook is disabled. */
  disableAfterPeriods: number;
  /** Jitter source in [0, 1). */
  random: () => number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = Object.freeze({
  timeoutMs: 10_000,
  retryBaseMs: 60_000,
  maxAttempts: 8,
  disableAfterPeriods: 5,
  random: Math.random,
});

/** A retry waits at most this long, whatever Retry-After asks. */
const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;
/** Pending deliveries one runner claims at a time (and posts at once). */
const CLAIM_BATCH = 10;

export interface WebhookPeriod {
  frequency: WebhookFrequency;
  /** `daily:YYYY-MM-DD` or `weekly:YYYY-Www`. */
  key: string;
  /** The feed days whose papers are new in this period (inclusive). */
  from: string;
  to: string;
}

/**
 * Records the period's delivery for every active webhook of its frequency that has none yet:
 * pending with the filter's papers, or empty ("nothing new") when the filter matched none.
 * A webhook whose filter is gone is disabled, saying so.
 */
export async function enqueuePeriod(
  deps: WebhookDeps,
  period: WebhookPeriod,
  now: Date,
): Promise<{ enqueued: number; empty: number; disabled: number }> {
  const { store } = deps;
  const report = { enqueued: 0, empty: 0, disabled: 0 };
  // Webhooks of one filter share its document.
  const documents = new Map<string, Promise<PeriodPayload>>();
  for (const webhook of await webhooksOwed(store, period.frequency, period.key)) {
    const filterKey = `${webhook.userId}:${webhook.filterId}`;
    let document = documents.get(filterKey);
    if (!document) {
      document = periodDocument(deps, webhook, period);
      documents.set(filterKey, document);
    }
    const { payload } = await document;
    if (payload === FILTER_GONE) {
      await updateWebhook(store, webhook.userId, webhook.id, {
        enabled: { value: false, at: now, reason: `its saved filter (${webhook.filterId}) no longer exists` },
      });
      report.disabled += 1;
      continue;
    }
    if (await enqueueDelivery(store, { webhookId: webhook.id, period: period.key, payload, now }))
      report[payload === null ? 'empty' : 'enqueued'] += 1;
  }
  return report;
}

const FILTER_GONE = Symbol('the filter is gone');
/** The stored document, null when the filter matched nothing, or FILTER_GONE. */
type PeriodPayload = { payload: string | null | typeof FILTER_GONE };

async function periodDocument(deps: WebhookDeps, webhook: Webhook, period: WebhookPeriod): Promise<PeriodPayload> {
  const filter = await deps.source.describe(webhook.userId, webhook.filterId);
  if (!filter) return { payload: FILTER_GONE };
  const papers = await deps.source.papersIn(webhook.userId, webhook.filterId, { from: period.from, to: period.to });
  if (papers.length === 0) return { payload: null };
  const doc = webhookDocument(
    {
      event: 'papers',
      filter: { id: webhook.filterId, ...filter },
      period: { key: period.key, from: period.from, to: period.to },
    },
    papers,
    deps.itemOf,
  );
  return { payload: JSON.stringify(doc) };
}

export interface SendReport {
  delivered: number;
  /** Attempts that failed for a reason worth retrying, and will be retried. */
  retrying: number;
  failed: number;
}

/** Posts every pending delivery that is due now (in batches, each claimed first), until none is left. */
export async function sendDue(deps: WebhookDeps, options: { holder: string; now: () => Date }): Promise<SendReport> {
  const { policy } = deps;
  const report: SendReport = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const now = options.now();
    const claims = await claimDueDeliveries(deps.store, {
      holder: options.holder,
      now,
      // Long enough for every post of the batch to time out and be settled.
      claimUntil: new Date(now.getTime() + 2 * policy.timeoutMs + 30_000),
      limit: CLAIM_BATCH,
    });
    if (claims.length === 0) return report;
    const outcomes = await Promise.all(claims.map((claim) => attempt(deps, claim, options.holder, options.now)));
    for (const outcome of outcomes) if (outcome) report[outcome] += 1;
  }
}

async function attempt(
  deps: WebhookDeps,
  claim: ClaimedDelivery,
  holder: string,
  now: () => Date,
): Promise<keyof SendReport | null> {
  const { webhook } = claim;
  const { policy } = deps;
  const result = await post(deps, webhook, claim, JSON.parse(claim.payload!) as WebhookDocument, now());
  const settlement = settlementOf(result, claim.attempts, policy, now());
  if (!(await settleDelivery(deps.store, { id: claim.id, holder }, settlement))) return null;
  if (settlement.status === 'delivered') {
    await resetFailedPeriods(deps.store, webhook.id);
    return 'delivered';
  }
  if (settlement.status === 'pending') return 'retrying';
  const reason = `disabled after ${policy.disableAfterPeriods} periods in a row failed; the last: ${settlement.error}`;
  if (await countFailedPeriod(deps.store, webhook.id, { limit: policy.disableAfterPeriods, reason, now: now() }))
    deps.logger.warn({ webhook: webhook.id, reason }, 'webhook disabled');
  return 'failed';
}

function settlementOf(result: AttemptResult, attempts: number, policy: DeliveryPolicy, now: Date): DeliverySettlement {
  if (result.outcome === 'delivered') return { status: 'delivered', statusCode: result.statusCode, at: now };
  if (result.outcome === 'failed') return { status: 'failed', statusCode: result.statusCode, error: result.error };
  if (attempts >= policy.maxAttempts)
    return { status: 'failed', statusCode: result.statusCode, error: `${result.error} (gave up after ${attempts} attempts)` };
  const delay = retryDelayMs(attempts, policy, result.retryAfterMs);
  return {
    status: 'pending',
    statusCode: result.statusCode,
    error: result.error,
    nextAttemptAt: new Date(now.getTime() + delay),
  };
}

/**
 * Exponential backoff with jitter: after attempt n, between half and all of base × 2^(n−1),
 * so receivers recovering from an outage are not hit by every hub at the same instant; a
 * longer Retry-After is honoured.
 */
export function retryDelayMs(
  attempts: number,
  policy: Pick<DeliveryPolicy, 'retryBaseMs' | 'random'>,
  retryAfterMs: number | null,
): number {
  const ceiling = policy.retryBaseMs * 2 ** (attempts - 1);
  const jittered = ceiling / 2 + policy.random() * (ceiling / 2);
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(jittered, retryAfterMs ?? 0));
}

function post(
  deps: WebhookDeps,
  webhook: Webhook,
  delivery: { period: string; attempts: number },
  doc: WebhookDocument,
  now: Date,
): Promise<AttemptResult> {
  const id = `${webhook.id}:${delivery.period}`;
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = postBody(webhook.format, doc, { id, attempt: delivery.attempts, timestamp });
  return postOnce(
    webhook.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': 'dailypapers-webhook',
      [SIGNATURE_HEADER]: signatureOf(webhook.secret, body),
      [TIMESTAMP_HEADER]: String(timestamp),
      [DELIVERY_HEADER]: id,
    },
    { timeoutMs: deps.policy.timeoutMs, allowPrivate: deps.allowPrivate },
  );
}

/** Papers a test post carries at most: enough to see the format. */
const TEST_PAPERS = 3;

/**
 * Posts a test now: the filter's papers of the last seven days (three at most), once, without
 * retries, recorded in the log as `test:<instant>:<random>`. Answers with what happened.
 */
export async function sendTest(
  deps: WebhookDeps,
  webhook: Webhook,
  holder: string,
  now: Date,
): Promise<{ status: 'delivered' | 'failed'; statusCode: number | null; error: string | null; period: string }> {
  const today = now.toISOString().slice(0, 10);
  const window = { from: addDays(today, -6), to: today };
  const filter = (await deps.source.describe(webhook.userId, webhook.filterId)) ?? {
    name: `filter ${webhook.filterId}`,
    url: null,
  };
  const papers = await deps.source.papersIn(webhook.userId, webhook.filterId, window);
  const doc = webhookDocument(
    { event: 'test', filter: { id: webhook.filterId, ...filter }, period: { key: 'test', ...window } },
    papers,
    deps.itemOf,
  );
  const trimmed = { ...doc, papers: doc.papers.slice(0, TEST_PAPERS) };
  const test = await insertClaimedTest(deps.store, {
    webhookId: webhook.id,
    payload: JSON.stringify(trimmed),
    holder,
    now,
    claimedUntil: new Date(now.getTime() + 2 * deps.policy.timeoutMs + 30_000),
  });
  const result = await post(deps, webhook, test, trimmed, now);
  const settlement: DeliverySettlement =
    result.outcome === 'delivered'
      ? { status: 'delivered', statusCode: result.statusCode, at: now }
      : { status: 'failed', statusCode: result.statusCode, error: result.error };
  await settleDelivery(deps.store, { id: test.id, holder }, settlement);
  return {
    status: settlement.status === 'delivered' ? 'delivered' : 'failed',
    statusCode: result.statusCode,
    error: result.outcome === 'delivered' ? null : result.error,
    period: test.period,
  };
}
