import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { addDays, type DayRange } from '../core/dates.ts';
import type { Store } from '../db/connect.ts';
import { buildDigestMessage } from '../mail/digest-message.ts';
import { manageUrl, unsubscribeUrl } from '../mail/links.ts';
import { classifyMailError, type Mailer } from '../mail/transport.ts';
import type { SearchIndex } from '../search/index.ts';
import {
  type Claim,
  claimDueRetries,
  claimUnsentBatch,
  countUnsent,
  nextRetryAt,
  reclaimAbandonedSends,
  settleSend,
} from '../store/digests.ts';
import { neighbourFeedDays } from '../store/feed.ts';
import { releaseLease, acquireLease } from '../store/leases.ts';
import type { Paper } from '../core/paper.ts';
import { type Frequency, noteDelivered, notePermanentFailure, type Subscription } from '../store/subscriptions.ts';
import { acquireOrTakeOver, processHolder } from './digest-lease.ts';
import { digestPapers } from './digest-papers.ts';
import { type DigestPeriod, digestPeriod, longDay } from './digest-period.ts';

export interface DigestRunDeps {
  store: Store;
  mailer: Mailer;
  /** Saved searches pick their papers through it. */
  searchIndex: SearchIndex;
  config: Pick<Config, 'baseUrl' | 'secret' | 'digest'>;
  logger: Logger;
}

export interface DigestRunOptions {
  frequency: Frequency;
  /** The moment that decides the period (default: now). */
  now?: Date;
  dryRun?: boolean;
  /** Delay before the first retry of a temporary failure; it doubles with each attempt. */
  retryBaseMs?: number;
  /** Attempts, the first included, before a temporary failure is given up as final. */
  maxAttempts?: number;
  /** Messages in flight at once (the SMTP pool has five connections). */
  concurrency?: number;
  /** Subscribers claimed per statement; memory holds one batch, whatever the list's size. */
  batchSize?: number;
  /** When sends happen and how the run waits for a retry to fall due (tests pass their own). */
  clock?: RetryClock;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DigestRunReport {
  period: string;
  /** `locked`: another process is sending this period; `no-papers`: the feed has nothing for it. */
  outcome: 'done' | 'dry-run' | 'locked' | 'no-papers';
  heading: string;
  /** Papers in a digest without a category filter. */
  papers: number;
  /** Confirmed subscribers still owed this period's digest (reported by a dry run). */
  unsent: number;
  sent: number;
  empty: number;
  failed: number;
}

// Renewed every quarter of its life; a holder that dies frees it after this at the latest.
const LEASE_MS = 10 * 60 * 1000;

/**
 * Sends one period's digest to every confirmed subscriber who has not had it, exactly once:
 * the run holds the period's lease, each subscriber is claimed by inserting the send record
 * before the mail goes out, temporary SMTP failures are retried with backoff inside the run,
 * and permanent ones count towards marking the address undeliverable. Running it again
 * (after a crash, or on a schedule) sends only what is still owed.
 */
export async function runDigest(deps: DigestRunDeps, options: DigestRunOptions): Promise<DigestRunReport> {
  const { store, config, logger } = deps;
  const period = digestPeriod(options.frequency, options.now ?? new Date(), config.digest.timeZone);
  const covered = await coveredDays(store, period);
  const heading = headingOf(period, covered);
  const report: DigestRunReport = {
    period: period.key,
    outcome: 'done',
    heading,
    papers: 0,
    unsent: 0,
    sent: 0,
    empty: 0,
    failed: 0,
  };
  if (covered === null) return { ...report, outcome: 'no-papers' };
  // Subscribers share a handful of category choices: each selection is queried once per run.
  const selections = new Map<string, Promise<Paper[]>>();
  const papersFor = (s: Pick<Subscription, 'categories' | 'query'>): Promise<Paper[]> => {
    const key = JSON.stringify([s.categories, s.query]);
    let papers = selections.get(key);
    if (!papers) {
      papers = digestPapers(deps.searchIndex, covered, { categories: s.categories, query: s.query, count: config.digest.size });
      selections.set(key, papers);
    }
    return papers;
  };
  report.papers = (await papersFor({ categories: [], query: null })).length;
  if (report.papers === 0) return { ...report, outcome: 'no-papers' };
  if (options.dryRun) return { ...report, outcome: 'dry-run', unsent: await countUnsent(store, period.key, period.frequency) };

  const holder = processHolder();
  const lease = `digest:${period.key}`;
  if (!(await acquireOrTakeOver(store, lease, holder, LEASE_MS))) return { ...report, outcome: 'locked' };
  const heartbeat = setInterval(() => {
    acquireLease(store, lease, holder, LEASE_MS).catch((error: unknown) =>
      logger.warn({ err: error }, 'digest lease renewal failed'),
    );
  }, LEASE_MS / 4);
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const batchSize = options.batchSize ?? 200;
  const clock = options.clock ?? realClock;
  const now = () => new Date(clock.now());
  const host = new URL(config.baseUrl).hostname;

  const deliver = async ({ subscription: s, attempts }: Claim): Promise<void> => {
    const key = { subscriptionId: s.id, period: period.key, holder };
    const papers = await papersFor(s);
    if (papers.length === 0) {
      report.empty += 1;
      return settleSend(store, key, { status: 'empty' });
    }
    const message = buildDigestMessage(s.email, {
      heading,
      papers,
      baseUrl: config.baseUrl,
      unsubscribeUrl: unsubscribeUrl(config.baseUrl, config.secret, s),
      manageUrl: manageUrl(config.baseUrl, config.secret, s),
    });
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ ...message, messageId: `<${period.key.replace(':', '.')}.${s.id}@${host}>` }));
    } catch (error) {
      const failure = failureOutcome(error, attempts, { retryBaseMs, maxAttempts }, clock.now());
      await settleSend(store, key, failure);
      if (failure.status === 'retry') {
        logger.warn(
          { to: s.email, attempts, nextAttemptAt: failure.nextAttemptAt, err: failure.error },
          'digest delivery failed for now; will retry',
        );
        return;
      }
      report.failed += 1;
      if (classifyMailError(error) === 'permanent') await notePermanentFailure(store, s.id);
      return;
    }
    // Outside the try: a database error here must not be taken for a failed send and retried.
    await settleSend(store, key, { status: 'sent', messageId, at: now() });
    if (s.permanentFailures > 0) await noteDelivered(store, s.id);
    report.sent += 1;
  };

  try {
    const reclaimed = await reclaimAbandonedSends(store, period.key, holder, now());
    if (reclaimed > 0) logger.warn({ reclaimed, period: period.key }, 'resuming sends left by a run that stopped');
    for (let afterId = 0; ;) {
      const { claimed, lastId } = await claimUnsentBatch(store, {
        period: period.key,
        frequency: period.frequency,
        holder,
        afterId,
        limit: batchSize,
        now: now(),
      });
      if (lastId === null) break;
      afterId = lastId;
      await forEachConcurrently(claimed, options.concurrency ?? 10, deliver);
    }
    for (let due = await nextRetryAt(store, period.key); due; due = await nextRetryAt(store, period.key)) {
      await clock.sleep(Math.max(0, due.getTime() - clock.now()));
      const claimed = await claimDueRetries(store, { period: period.key, holder, limit: batchSize, now: now() });
      await forEachConcurrently(claimed, options.concurrency ?? 10, deliver);
    }
    return report;
  } finally {
    clearInterval(heartbeat);
    await releaseLease(store, lease, holder);
  }
}

/** A permanent failure is final; a temporary one is retried later, doubling the wait, until attempts run out. */
function failureOutcome(
  error: unknown,
  attempts: number,
  limits: { retryBaseMs: number; maxAttempts: number },
  now: number,
): { status: 'failed'; error: string } | { status: 'retry'; error: string; nextAttemptAt: Date } {
  const reason = (error as Error).message;
  if (classifyMailError(error) === 'permanent') return { status: 'failed', error: reason };
  if (attempts >= limits.maxAttempts)
    return { status: 'failed', error: `gave up after ${attempts} temporary failures: ${reason}` };
  return { status: 'retry', error: reason, nextAttemptAt: new Date(now + limits.retryBaseMs * 2 ** (attempts - 1)) };
}

/**
 * A daily digest covers the latest feed day up to the run's day (Monday morning finds
 * Friday's papers); a weekly one the seven days ending on it.
 */
async function coveredDays(store: Store, period: DigestPeriod): Promise<DayRange | null> {
  if (period.frequency === 'weekly') return period.range;
  const latest = (await neighbourFeedDays(store, addDays(period.day, 1))).previous;
  return latest !== null && latest >= period.range.from ? { from: latest, to: latest } : null;
}

function headingOf(period: DigestPeriod, covered: DayRange | null): string {
  return period.frequency === 'daily'
    ? `Daily Papers — ${longDay(covered?.from ?? period.day)}`
    : `Weekly Papers — ${longDay(period.range.from)} to ${longDay(period.range.to)}`;
}

async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
