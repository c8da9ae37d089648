import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { ingestStateStore } from '../store/ingest-state.ts';
import { harvestArxiv, type HarvestSummary } from './arxiv-oai-harvester.ts';
import { fetchHfDaily } from './hf-daily-client.ts';
import { type HttpLogEntry, PoliteHttpClient } from './http-client.ts';
import type { ImportSummary } from './import-papers.ts';
import { addCounts, savePapers } from './save-papers.ts';

/** arXiv's terms: one request every 3 seconds, one connection at a time. */
const ARXIV_INTERVAL_MS = 3000;
const HF_INTERVAL_MS = 500;
const USER_AGENT = 'dailypapers (self-hosted Daily Papers hub)';

export interface LiveIngestionOptions {
  config: Config;
  store: Store;
  logger: Logger;
  signal?: AbortSignal;
}

function politeClient(minIntervalMs: number, logger: Logger, overrides: ConstructorParameters<typeof PoliteHttpClient>[0] = {}) {
  return new PoliteHttpClient({
    minIntervalMs,
    timeoutMs: 60_000,
    maxAttempts: 5,
    userAgent: USER_AGENT,
    logger: (entry: HttpLogEntry) => (entry.event === 'request' ? logger.debug(entry, 'http') : logger.warn(entry, 'http')),
    ...overrides,
  });
}

/**
 * Harvests arXiv into the store page by page: each page is stored before the harvest cursor
 * moves past it, so an interrupted run loses nothing and the next one resumes.
 */
export async function ingestArxiv(
  options: LiveIngestionOptions & {
    categories: string[];
    from?: string;
    until?: string;
    /** How far back a first harvest of these categories reaches when `from` is not given. */
    lookbackDays?: number;
    /** The day (YYYY-MM-DD) a harvest runs up to; today in UTC by default. */
    today?: string;
    client?: PoliteHttpClient;
    /** Called after each stored page with the papers it delivered. */
    onPage?: (papers: number) => Promise<void>;
  },
): Promise<{ harvest: HarvestSummary; saved: ImportSummary }> {
  const { config, store, logger } = options;
  const saved: ImportSummary = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  const harvest = await harvestArxiv({
    client: options.client ?? arxivClient(logger),
    baseUrl: config.arxivOaiUrl,
    categories: options.categories,
    ...(options.from ? { from: options.from } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.lookbackDays !== undefined ? { lookbackDays: options.lookbackDays } : {}),
    ...(options.today !== undefined ? { today: () => options.today! } : {}),
    cursor: ingestStateStore(store),
    ...(options.signal ? { signal: options.signal } : {}),
    logger: (entry) => logger.info(entry, 'arxiv harvest'),
    onRecords: async (records, rejected) => {
      addCounts(saved, await savePapers(store, records, { feedCategories: config.feedCategories, now: new Date() }));
      saved.rejected += rejected.length;
      for (const r of rejected) logger.warn(r, 'arxiv record rejected');
      await options.onPage?.(records.length);
    },
  });
  return { harvest, saved };
}

/** The polite client for arXiv's OAI-PMH (arXiv's terms), for callers that pass their own. */
export function arxivClient(logger: Logger, overrides: ConstructorParameters<typeof PoliteHttpClient>[0] = {}): PoliteHttpClient {
  return politeClient(ARXIV_INTERVAL_MS, logger, overrides);
}

/** The polite client for Hugging Face's API, for callers that fetch many days with one. */
export function hfClient(logger: Logger, overrides: ConstructorParameters<typeof PoliteHttpClient>[0] = {}): PoliteHttpClient {
  return politeClient(HF_INTERVAL_MS, logger, overrides);
}

/** Fetches one day of Hugging Face's daily papers, with their upvotes, onto that day's feed. */
export async function ingestHf(
  options: LiveIngestionOptions & { date: string; client?: PoliteHttpClient },
): Promise<ImportSummary> {
  const { config, store, logger } = options;
  const { records, rejected } = await fetchHfDaily({
    client: options.client ?? hfClient(logger),
    baseUrl: config.hfApiUrl,
    date: options.date,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for (const r of rejected) logger.warn(r, 'hf item rejected');
  const saved = await savePapers(store, records, { feedCategories: config.feedCategories, now: new Date() });
  return { ...saved, rejected: rejected.length };
}
