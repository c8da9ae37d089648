import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { fetchArxivPaper } from '../ingest/arxiv-api-client.ts';
import { PoliteHttpClient } from '../ingest/http-client.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import { SearchIndex, type SemanticSearch } from '../search/index.ts';
import type { ArxivLookup } from '../social/submit.ts';
import { semanticOf } from './semantic.ts';

/**
 * The long-lived parts of a running service, built once from the configuration here (the
 * composition root) and handed to the web server and the jobs, which never build their own.
 */
export interface ServiceParts {
  /** The one mail transport: login links, confirmations and digests share its SMTP pool. */
  mailer: Mailer;
  /** The store's keyword index, kept in step with the papers table. */
  searchIndex: SearchIndex;
  /** Semantic ranking for search and similar papers; null when no embedder is configured. */
  semantic: SemanticSearch | null;
  /** Looks up papers members submit that are not stored yet. */
  arxivLookup: ArxivLookup;
  /** Releases what the parts hold open (the SMTP pool). */
  close(): void;
}

/** arXiv asks for one request every 3 s; few retries, because a member waits for the answer. */
const ARXIV_LOOKUP = { minIntervalMs: 3000, maxAttempts: 2, baseBackoffMs: 1000, timeoutMs: 20_000 };

export async function buildServiceParts({
  config,
  store,
  logger,
}: {
  config: Config;
  store: Store;
  logger: Logger;
}): Promise<ServiceParts> {
  const mailer = createMailer(config);
  const arxiv = new PoliteHttpClient(ARXIV_LOOKUP);
  return {
    mailer,
    searchIndex: new SearchIndex(store, { logger }),
    semantic: await semanticOf(config, logger),
    arxivLookup: (id) => fetchArxivPaper(arxiv, config.arxivApiUrl, id),
    close: () => mailer.close(),
  };
}
