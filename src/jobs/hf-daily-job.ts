import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { FIRST_FILL_DAYS, type Config } from '../config/config.ts';
import { formatDay } from '../core/dates.ts';
import type { Store } from '../db/connect.ts';
import { followHfDaily } from '../ingest/hf-daily-follow.ts';
import { hfClient } from '../ingest/live-ingestion.ts';
import type { SourceJob } from './source-job.ts';
import { recomputeTrendingUnderLease } from './trending-schedule.ts';

/** Hugging Face adds picks and upvotes through the day and for days after. */
const HF_SCHEDULE = '7 * * * *';
/** Days whose upvotes each run refreshes. */
const REFRESH_DAYS = 7;

/** The daily feed following Hugging Face's daily papers: a 30-day backfill, then hourly runs. */
export function hfDailyJob(deps: { config: Config; store: Store; logger: Logger }, client = hfClient(deps.logger)): SourceJob {
  return {
    source: 'hf-daily',
    label: 'hugging face daily papers',
    schedule: HF_SCHEDULE,
    retryMs: 60 * 1000,
    maxRetryMs: 60 * 60 * 1000,
    async run(now, signal) {
      try {
        await followHfDaily({
          ...deps,
          client,
          signal,
          today: formatDay(now),
          backfillDays: FIRST_FILL_DAYS,
          refreshDays: REFRESH_DAYS,
        });
      } finally {
        // The picks and upvotes stored, even by a run that failed halfway, are ranked now, not at the next scheduled recompute.
        await recomputeTrendingUnderLease(deps, randomUUID());
      }
    },
  };
}
