import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { addDays, type DayRange } from '../core/dates.ts';
import type { Paper } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import { processHolder, withLease } from '../leases/job-lease.ts';
import { digestDelivery } from '../mail/digest-delivery.ts';
import type { Mailer } from '../mail/transport.ts';
import type { SearchIndex, SemanticSearch } from '../search/index.ts';
import { type Claim, countUnsent, nextRetryAt } from '../store/digests.ts';
import { neighbourFeedDays } from '../store/feed.ts';
import type { Frequency, Subscription } from '../store/subscriptions.ts';
import { digestPapers } from './digest-papers.ts';
import { filterDigest } from './filter-digest.ts';
import { forYouSection } from './digest-for-you.ts';
import { type DigestPeriod, digestPeriod, longDay } from './digest-period.ts';

export interface DigestRunDeps {
  store: Store;
  mailer: Mailer;
  /** Saved searches pick their papers through it. */
  searchIndex: SearchIndex;
  /** The embedding model, when configured: the For you section ranks by meaning too. */
  semantic?: SemanticSearch | null;
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

// A holder that dies frees the period after this at the latest.
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

  const clock = options.clock ?? realClock;
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 10;
  const holder = processHolder();
  const delivery = digestDelivery({
    store,
    mailer: deps.mailer,
    config,
    logger,
    period,
    holder,
    retryBaseMs: options.retryBaseMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 8,
    now: () => clock.now(),
  });
  const deliver = async (claim: Claim): Promise<void> => {
    const { filterId, userId } = claim.subscription;
    let digest;
    if (filterId !== null) {
      // A filter's digest is that filter's papers alone.
      digest = await filterDigest(deps.searchIndex, filterId, covered, heading, config.digest.size);
    } else {
      const papers = await papersFor(claim.subscription);
      const forYou =
        period.frequency === 'daily' ? await forYouSection(deps.searchIndex, userId, covered, papers, deps.semantic ?? null) : [];
      digest = { heading, papers, forYou };
    }
    const outcome = await delivery.deliver(claim, digest);
    if (outcome !== 'retry') report[outcome] += 1;
  };

  const run = await withLease(
    store,
    { name: `digest:${period.key}`, holder, ttlMs: LEASE_MS, takeOverDeadLocalHolder: true, logger },
    async () => {
      const resumed = await delivery.resumeAbandoned();
      if (resumed > 0) logger.warn({ reclaimed: resumed, period: period.key }, 'resuming sends left by a run that stopped');
      for (let afterId = 0; ;) {
        const { claimed, lastId } = await delivery.claimUnsent(afterId, batchSize);
        if (lastId === null) break;
        afterId = lastId;
        await forEachConcurrently(claimed, concurrency, deliver);
      }
      for (let due = await nextRetryAt(store, period.key); due; due = await nextRetryAt(store, period.key)) {
        await clock.sleep(Math.max(0, due.getTime() - clock.now()));
        await forEachConcurrently(await delivery.claimDueRetries(batchSize), concurrency, deliver);
      }
    },
  );
  return run.held ? report : { ...report, outcome: 'locked' };
}

/**
 * A daily digest covers the latest feed day up to the run's day (Monday morning finds
 * Friday's papers); a weekly one the seven days ending on it.
 */
export async function coveredDays(store: Store, period: DigestPeriod): Promise<DayRange | null> {
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
