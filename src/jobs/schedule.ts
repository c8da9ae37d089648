import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { ingestArxiv } from '../ingest/live-ingestion.ts';
import { acquireLease, releaseLease } from '../store/leases.ts';
import { scheduleDigests } from './digest-schedule.ts';
import { scheduleTrendingRecompute } from './trending-schedule.ts';

// Longer than any harvest should take; a crashed holder frees the job after this.
const INGEST_LEASE_MS = 6 * 60 * 60 * 1000;

/** Starts the service's recurring jobs: e-mail digests, the trending recompute, and arXiv ingestion when categories are set. */
export function scheduleJobs(deps: { config: Config; store: Store; logger: Logger }): { stop(): void } {
  const jobs = [scheduleDigests(deps), scheduleIngestion(deps), scheduleTrendingRecompute(deps)];
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}

/**
 * Each harvest first takes a lease in the database, so several app processes on one
 * database still harvest arXiv one at a time.
 */
function scheduleIngestion({ config, store, logger }: { config: Config; store: Store; logger: Logger }): { stop(): void } {
  if (config.arxivCategories.length === 0) return { stop() {} };
  const holder = randomUUID();
  const abort = new AbortController();
  const job = new Cron(config.ingestSchedule, { timezone: 'UTC', protect: true }, async () => {
    if (!(await acquireLease(store, 'ingest:arxiv', holder, INGEST_LEASE_MS))) {
      logger.info('arxiv ingestion is running in another process; skipped');
      return;
    }
    try {
      const { harvest, saved } = await ingestArxiv({ config, store, logger, categories: config.arxivCategories, signal: abort.signal });
      logger.info({ pages: harvest.pages, ...saved }, 'arxiv ingestion done');
    } catch (error) {
      logger.error({ err: error }, 'arxiv ingestion failed; the next run resumes where it stopped');
    } finally {
      await releaseLease(store, 'ingest:arxiv', holder);
    }
  });
  logger.info({ schedule: config.ingestSchedule, categories: config.arxivCategories, next: job.nextRun() }, 'arxiv ingestion scheduled');
  return {
    stop() {
      job.stop();
      abort.abort();
    },
  };
}
