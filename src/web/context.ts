import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import type { HfContext } from '../feeds/hf-json.ts';
import type { ArxivLookups } from '../social/arxiv-lookups.ts';
import type { BackgroundWork } from './background.ts';
import type { Mailer } from '../mail/transport.ts';
import type { SearchIndex, SemanticSearch } from '../search/index.ts';
import type { CommunityDeps } from './community.ts';
import type { ResponseCache } from './response-cache.ts';
import type { Shutdown } from './shutdown.ts';
import type { Site } from './views/layout.tsx';
import type { WebhookDeps } from '../webhooks/delivery.ts';

/** What every route needs, built once per server. */
export interface WebContext {
  config: Config;
  store: Store;
  site: Site;
  hf: HfContext;
  /** Shared renderings of the busiest lists; routes that write should clear it. */
  cache: ResponseCache;
  community: CommunityDeps;
  /** Members' lookups at arXiv: shared per id, limited per member (built on community.arxivLookup). */
  arxivLookups: ArxivLookups;
  /** Work started by a request that its answer does not wait for (mails). */
  background: BackgroundWork;
  /** The service's one mail transport (subscription mails; login links go through community). */
  mailer: Mailer;
  /** The store's keyword index, shared with the jobs. */
  searchIndex: SearchIndex;
  /** Semantic ranking for search and similar papers; keyword-only when null. */
  semantic: SemanticSearch | null;
  /** The webhook engine (test posts), with the saved filters it reads. */
  webhooks: WebhookDeps;
  /** Set on SIGTERM: `/readyz` then says 503 while requests are still answered. */
  shutdown: Shutdown;
}
