import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import type { Mailer } from '../mail/transport.ts';
import type { SearchIndex, SemanticSearch } from '../search/index.ts';
import { arxivIngestionJob } from './arxiv-ingestion-job.ts';
import { hfDailyJob } from './hf-daily-job.ts';
import { scheduleSourceJob } from './source-job.ts';
import { scheduleDigests } from './digest-schedule.ts';
import { schedulePurge } from './purge-schedule.ts';
import { scheduleTrendingRecompute } from './trending-schedule.ts';
import type { WebhookDeps } from '../webhooks/delivery.ts';
import { scheduleWebhooks } from './webhook-run.ts';

/** What the jobs run with: the composition root's parts, never ones they build themselves. */
export interface JobDeps {
  config: Config;
  store: Store;
  logger: Logger;
  mailer: Mailer;
  searchIndex: SearchIndex;
  /** The embedding model, when configured (the digest's For you section ranks by meaning too). */
  semantic?: SemanticSearch | null;
  webhooks: WebhookDeps;
}

/**
 * Starts the service's recurring jobs: e-mail digests, webhook posts, the trending recompute, the purge of
 * expired logins, and the live
 * sources (Hugging Face's daily papers unless HF_DAILY=off, the arXiv harvest unless
 * ARXIV_CATEGORIES=none), which also run at once when due. Call it after listening.
 */
export function scheduleJobs(deps: JobDeps): { stop(): Promise<void> } {
  const { config } = deps;
  const sources = [
    ...(config.hfDaily ? [scheduleSourceJob(deps, hfDailyJob(deps))] : []),
    ...(config.arxivCategories.length > 0 ? [scheduleSourceJob(deps, arxivIngestionJob(deps))] : []),
  ];
  const jobs = [scheduleDigests(deps), scheduleWebhooks(deps), scheduleTrendingRecompute(deps), schedulePurge(deps), ...sources];
  return {
    /** Resolves once a source run under way has let go of the store, so it can be closed. */
    async stop() {
      for (const job of jobs) job.stop();
      await Promise.all(sources.map((source) => source.stopped));
    },
  };
}
