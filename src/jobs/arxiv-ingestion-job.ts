import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { ingestArxiv } from '../ingest/live-ingestion.ts';
import { withLease } from '../leases/job-lease.ts';

// Longer than any harvest should take; a crashed holder frees the job after this.
const INGEST_LEASE_MS = 6 * 60 * 60 * 1000;
const LEASE = 'ingest:arxiv';

export type JobOutcome = 'done' | 'skipped' | 'failed';

/**
 * One scheduled harvest. It first takes a lease in the database, so several app processes
 * on one database harvest arXiv one at a time; a failure is logged and the next run resumes
 * from the stored cursor.
 */
export async function runArxivIngestionJob(
  { config, store, logger }: { config: Config; store: Store; logger: Logger },
  holder: string,
  signal?: AbortSignal,
): Promise<JobOutcome> {
  const run = await withLease(store, { name: LEASE, holder, ttlMs: INGEST_LEASE_MS, logger }, async (): Promise<JobOutcome> => {
    try {
      const { harvest, saved } = await ingestArxiv({
        config,
        store,
        logger,
        categories: config.arxivCategories,
        ...(signal ? { signal } : {}),
      });
      logger.info({ pages: harvest.pages, ...saved }, 'arxiv ingestion done');
      return 'done';
    } catch (error) {
      logger.error({ err: error }, 'arxiv ingestion failed; the next run resumes where it stopped');
      return 'failed';
    }
  });
  if (run.held) return run.value;
  logger.info('arxiv ingestion is running in another process; skipped');
  return 'skipped';
}
