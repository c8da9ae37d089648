import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Store } from '../db/connect.ts';
import { describeSourceFault } from '../ingest/source-fault.ts';
import { readSourceStatus, type SourceName, updateSourceStatus } from '../ingest/source-status.ts';
import { withLease } from '../leases/job-lease.ts';

export type JobOutcome = 'done' | 'skipped' | 'failed';

/** One live source fetched on a schedule: Hugging Face's daily papers or the arXiv harvest. */
export interface SourceJob {
  source: SourceName;
  /** For logs: "hugging face daily papers". */
  label: string;
  /** Cron expression (UTC) of the regular runs. */
  schedule: string;
  /** First wait after a failed run; each further failure doubles it, up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  /** Fetches and stores; throws when the source cannot be reached. `now` is when the run began. */
  run(now: Date, signal: AbortSignal): Promise<void>;
}

export interface JobClock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: JobClock = { now: () => Date.now(), sleep: (ms, signal) => delay(ms, undefined, { signal }) };

// A crashed holder frees the job after this; a live one renews it while it runs (withLease).
const LEASE_MS = 30 * 60 * 1000;

interface Deps {
  store: Store;
  logger: Logger;
}

/**
 * One run under the job's lease, so several app processes on one database never fetch a source
 * twice at once. The outcome goes into the source status (what the pages show): a success clears
 * the fault, a failure is kept with its reason and logged; neither throws.
 */
export async function runSourceJob(
  { store, logger }: Deps,
  job: SourceJob,
  holder: string,
  signal: AbortSignal,
  now = new Date(),
): Promise<JobOutcome> {
  const run = await withLease(
    store,
    { name: `ingest:${job.source}`, holder, ttlMs: LEASE_MS, logger },
    async (): Promise<JobOutcome> => {
      try {
        await job.run(now, signal);
        await updateSourceStatus(store, job.source, () => ({ lastSuccessAt: now.toISOString(), fault: null }));
        logger.info(`${job.label}: up to date`);
        return 'done';
      } catch (error) {
        // Stopped by a shutdown: the source did nothing wrong, and the next start resumes.
        if (signal.aborted) {
          logger.info(`${job.label}: stopped`);
          return 'failed';
        }
        const message = describeSourceFault(error);
        logger.error({ err: error, source: job.source }, `${job.label}: ${message}`);
        await updateSourceStatus(store, job.source, () => ({ fault: { message, at: now.toISOString(), retryAt: null } })).catch(
          (err: unknown) => logger.error({ err }, `${job.label}: could not note the fault`),
        );
        return 'failed';
      }
    },
  );
  if (run.held) return run.value;
  logger.info(`${job.label}: running in another process; skipped`);
  return 'skipped';
}

/**
 * Runs the job now unless a run finished since its last scheduled time (a restart does not fetch
 * again), then on its schedule; after a failure it tries again with a doubling backoff, noted in
 * the source status so the pages can say when.
 */
export function scheduleSourceJob(
  deps: Deps,
  job: SourceJob,
  clock: JobClock = realClock,
): { stop(): void; stopped: Promise<void> } {
  const { store, logger } = deps;
  const holder = randomUUID();
  const abort = new AbortController();
  const cron = new Cron(job.schedule, { timezone: 'UTC', paused: true });
  const nextScheduled = (after: number) => cron.nextRun(new Date(after))?.getTime() ?? Number.POSITIVE_INFINITY;

  const loop = async () => {
    const { lastSuccessAt } = await readSourceStatus(store, job.source);
    let due = lastSuccessAt === null ? clock.now() : nextScheduled(Date.parse(lastSuccessAt));
    if (due > clock.now()) logger.info({ next: new Date(due).toISOString() }, `${job.label}: up to date; next run scheduled`);
    for (let failures = 0; ;) {
      await clock.sleep(Math.max(0, due - clock.now()), abort.signal);
      // The database itself failing (the lease, the status) is a failed run too: the schedule goes on.
      const outcome = await runSourceJob(deps, job, holder, abort.signal, new Date(clock.now())).catch((err: unknown) => {
        logger.error({ err }, `${job.label}: the run failed`);
        return 'failed' as const;
      });
      if (abort.signal.aborted) return;
      if (outcome !== 'failed') {
        failures = 0;
        due = nextScheduled(clock.now());
        continue;
      }
      failures++;
      due = clock.now() + Math.min(job.maxRetryMs, job.retryMs * 2 ** (failures - 1));
      const retryAt = new Date(due).toISOString();
      await updateSourceStatus(store, job.source, (status) => ({ fault: status.fault && { ...status.fault, retryAt } })).catch(
        (err: unknown) => logger.error({ err }, `${job.label}: could not note the retry`),
      );
      logger.warn({ retryAt, failures }, `${job.label}: retrying at ${retryAt}`);
    }
  };
  const stopped = loop().catch((err: unknown) => {
    if (!abort.signal.aborted) logger.error({ err }, `${job.label}: schedule stopped`);
  });
  return {
    stop: () => abort.abort(),
    stopped,
  };
}
