import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { type ScheduledTick, scheduledTick, withLease } from '../leases/job-lease.ts';
import { recomputeTrending } from '../rank/trending.ts';

const LEASE_MS = 30 * 60 * 1000;
const LEASE = 'trending:recompute';

type Parts = { config: Config; store: Store; logger: Logger };

/**
 * Recomputes every rank under a lease (one process at a time; a recompute already under way
 * elsewhere makes this one unnecessary). A failure is logged and the ranks stay as they were,
 * the lease's own queries included: the start-up run is not awaited, and a database connection
 * lost while it released its lease ended the process.
 */
export async function recomputeTrendingUnderLease(
  { config, store, logger }: Parts,
  holder: string,
  tick?: ScheduledTick,
): Promise<void> {
  try {
    await withLease(store, { name: LEASE, holder, ttlMs: LEASE_MS, logger, keepUntil: tick?.keepUntil }, async () => {
      const started = performance.now();
      const counts = await recomputeTrending(store, config.trending, new Date());
      // The tick names the scheduled run, the same in every replica (each runs once across them).
      logger.info(
        { ...counts, ms: Math.round(performance.now() - started), tick: tick?.at ?? 'start-up' },
        'trending recomputed',
      );
    });
  } catch (error) {
    logger.error({ err: error }, 'trending recompute failed; ranks stay as they were');
  }
}

/**
 * Votes and comments keep their own paper's rank current; this recompute, once at start-up
 * (imports made while the service was down are ranked before anyone looks) and then on
 * TRENDING_SCHEDULE (hourly by default),
 * refreshes the category levels those ranks divide by and ranks papers whose source upvotes
 * ingestion changed.
 */
export function scheduleTrendingRecompute(parts: Parts): { stop(): void } {
  const holder = randomUUID();
  const job = new Cron(parts.config.trendingSchedule, { timezone: 'UTC', protect: true }, (self: Cron) =>
    recomputeTrendingUnderLease(parts, holder, scheduledTick(self)),
  );
  void recomputeTrendingUnderLease(parts, holder);
  return { stop: () => job.stop() };
}
