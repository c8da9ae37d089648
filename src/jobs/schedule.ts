import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import type { Mailer } from '../mail/transport.ts';
import type { SearchIndex } from '../search/index.ts';
import { runArxivIngestionJob } from './arxiv-ingestion-job.ts';
import { scheduleDigests } from './digest-schedule.ts';
import { schedulePurge } from './purge-schedule.ts';
import { scheduleTrendingRecompute } from './trending-schedule.ts';

/** What the jobs run with: the composition root's parts, never ones they build themselves. */
export interface JobDeps {
  config: Config;
  store: Store;
  logger: Logger;
  mailer: Mailer;
  searchIndex: SearchIndex;
}

/**
 * Starts the service's recurring jobs: e-mail digests, the trending recompute, the purge of
 * expired logins, and arXiv ingestion when categories are set.
 */
export function scheduleJobs(deps: JobDeps): { stop(): void } {
  const jobs = [scheduleDigests(deps), scheduleIngestion(deps), scheduleTrendingRecompute(deps), schedulePurge(deps)];
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}

/** The harvest itself takes a lease per run (see runArxivIngestionJob). */
function scheduleIngestion(deps: JobDeps): { stop(): void } {
  const { config, logger } = deps;
  if (config.arxivCategories.length === 0) return { stop() {} };
  const holder = randomUUID();
  const abort = new AbortController();
  const job = new Cron(config.ingestSchedule, { timezone: 'UTC', protect: true }, async () => {
    await runArxivIngestionJob(deps, holder, abort.signal);
  });
  logger.info(
    { schedule: config.ingestSchedule, categories: config.arxivCategories, next: job.nextRun() },
    'arxiv ingestion scheduled',
  );
  return {
    stop() {
      job.stop();
      abort.abort();
    },
  };
}
