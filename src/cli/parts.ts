import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { fetchArxivPaper } from '../ingest/arxiv-api-client.ts';
import { PoliteHttpClient } from '../ingest/http-client.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import { SearchIndex, type SemanticSearch, SNAPSHOT_FILE } from '../search/index.ts';
import type { ArxivLookup } from '../social/submit.ts';
import { webhookItemOf } from '../feeds/webhook-item.ts';
import { DEFAULT_DELIVERY_POLICY, type WebhookDeps } from '../webhooks/delivery.ts';
import { filterWebhookSource } from '../filters/webhook-source.ts';
import { semanticOf } from './semantic.ts';

/**
 * What sending digests needs: the mail transport, the keyword index saved searches pick papers
 * with, and the embedding model the For you section ranks by meaning with.
 */
export interface MailParts {
  /** The one mail transport: login links, confirmations and digests share its SMTP pool. */
  mailer: Mailer;
  /** The store's keyword index, kept in step with the papers table. */
  searchIndex: SearchIndex;
  /** Semantic ranking for search, similar papers and recommendations; null when no embedder is configured. */
  semantic: SemanticSearch | null;
  /** Releases what the parts hold open (the SMTP pool). */
  close(): void;
}

/**
 * The long-lived parts of a running service, built once from the configuration here (the
 * composition root) and handed to the web server and the jobs, which never build their own.
 */
export interface ServiceParts extends MailParts {
  /** Looks up papers members submit that are not stored yet. */
  arxivLookup: ArxivLookup;
  /** Posts saved filters to their webhooks (the jobs each period, the web for a test post). */
  webhooks: WebhookDeps;
}

/** arXiv asks for one request every 3 s; few retries, because a member waits for the answer. */
const ARXIV_LOOKUP = { minIntervalMs: 3000, maxAttempts: 2, baseBackoffMs: 1000, timeoutMs: 20_000 };

type Base = { config: Config; store: Store; logger: Logger };

/**
 * The parts `digest send` runs with (no arXiv client built). The embedding model is the one
 * `serve` loads, so a digest sent by the command ranks For you as the scheduled one does.
 */
export async function buildMailParts({ config, store, logger }: Base): Promise<MailParts> {
  // First: a model that cannot load stops the command before an SMTP pool is opened.
  const semantic = await semanticOf(config, logger);
  const mailer = createMailer(config);
  return { mailer, searchIndex: searchIndexOf({ config, store, logger }), semantic, close: () => mailer.close() };
}

/** The store's keyword index, kept between runs as a snapshot in DATA_DIR. */
export function searchIndexOf({ config, store, logger }: Base): SearchIndex {
  return new SearchIndex(store, { logger, snapshotFile: join(config.dataDir, SNAPSHOT_FILE), database: config.database });
}

export async function buildServiceParts(base: Base): Promise<ServiceParts> {
  const mail = await buildMailParts(base);
  const arxiv = new PoliteHttpClient(ARXIV_LOOKUP);
  return {
    ...mail,
    arxivLookup: (id) => fetchArxivPaper(arxiv, base.config.arxivApiUrl, id),
    webhooks: webhookDepsOf(base, mail.searchIndex),
  };
}

/** The webhook engine's parts: its papers come from the member's saved filters. */
export function webhookDepsOf({ config, store, logger }: Base, searchIndex: SearchIndex): WebhookDeps {
  return {
    store,
    source: filterWebhookSource(searchIndex, config.baseUrl),
    itemOf: webhookItemOf({ baseUrl: config.baseUrl }),
    allowPrivate: config.webhookAllowPrivate,
    logger,
    policy: DEFAULT_DELIVERY_POLICY,
  };
}
