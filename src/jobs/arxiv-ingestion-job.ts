import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { formatDay } from '../core/dates.ts';
import type { Store } from '../db/connect.ts';
import { harvestArchive } from '../ingest/arxiv-archive.ts';
import type { PoliteHttpClient } from '../ingest/http-client.ts';
import { type JobOutcome, runSourceJob, type SourceJob } from './source-job.ts';
import { recomputeTrendingUnderLease } from './trending-schedule.ts';

type Deps = { config: Config; store: Store; logger: Logger };

/** The archive's harvest of ARXIV_CATEGORIES (INGEST_SCHEDULE); a failed run resumes from the stored cursor. */
export function arxivIngestionJob(deps: Deps, client?: PoliteHttpClient): SourceJob {
  return {
    source: 'arxiv',
    label: 'arxiv harvest',
    schedule: deps.config.ingestSchedule,
    retryMs: 5 * 60 * 1000,
    maxRetryMs: 6 * 60 * 60 * 1000,
    async run(now, signal) {
      try {
        const { harvest, saved } = await harvestArchive({
          ...deps,
          today: formatDay(now),
          signal,
          ...(client ? { client } : {}),
        });
        deps.logger.info({ pages: harvest.pages, ...saved }, 'arxiv ingestion done');
      } finally {
        // New papers on the feed, even from a run that failed halfway, are ranked now, not at the next scheduled recompute.
        await recomputeTrendingUnderLease(deps, randomUUID());
      }
    },
  };
}

/** One harvest under the job's lease (see runSourceJob). */
export function runArxivIngestionJob(deps: Deps, holder: string, signal = new AbortController().signal): Promise<JobOutcome> {
  return runSourceJob(deps, arxivIngestionJob(deps), holder, signal);
}
