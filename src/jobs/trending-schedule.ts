import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { withLease } from '../leases/job-lease.ts';
import { recomputeTrending } from '../rank/trending.ts';

const LEASE_MS = 30 * 60 * 1000;

/**
 * Votes and comments keep their own paper's rank current; this recompute (hourly by default, TRENDING_SCHEDULE) refreshes the
 * category levels those ranks divide by, and ranks papers whose source upvotes ingestion changed.
 */
export function scheduleTrendingRecompute({ config, store, logger }: { config: Config; store: Store; logger: Logger }): {
  stop(): void;
} {
  const holder = randomUUID();
  const job = new Cron(config.trendingSchedule, { timezone: 'UTC', protect: true }, async () => {
    await withLease(store, { name: 'trending:recompute', holder, ttlMs: LEASE_MS, logger }, async () => {
      try {
        const started = performance.now();
        const counts = await recomputeTrending(store, config.trending, new Date());
        logger.info({ ...counts, ms: Math.round(performance.now() - started) }, 'trending recomputed');
      } catch (error) {
        logger.error({ err: error }, 'trending recompute failed; ranks stay as they were');
      }
    });
  });
  return { stop: () => job.stop() };
}
