/**
 * The web service: HTML pages, the Hugging Face–compatible JSON API, operations endpoints.
 * The caller (the `serve` command, a test) owns the store and decides when to listen and close.
 */
import { parse as parseQueryString } from 'node:querystring';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import type { Mailer } from '../mail/transport.ts';
import type { SearchIndex, SemanticSearch } from '../search/index.ts';
import type { ArxivLookup } from '../social/submit.ts';
import type { WebhookDeps } from '../webhooks/delivery.ts';
import { registerAuth } from './auth.ts';
import { ArxivLookups } from '../social/arxiv-lookups.ts';
import { BackgroundWork } from './background.ts';
import type { WebContext } from './context.ts';
import { sendHtml } from './html.ts';
import { densityOf, registerDensity } from './density.ts';
import { registerMemberHeader } from './member-header.ts';
import { registerMetrics } from './metrics.ts';
import { API_FORMATS, REFUSAL_KEYWORDS, refusalOf } from './api-schema.ts';
import { registerNulGuard } from './nul-guard.ts';
import { registerOpenApi } from './openapi.ts';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { registerDailyPapersApi } from './routes/api-daily-papers.ts';
import { registerPapersApi } from './routes/api-papers.ts';
import { registerSearchApi } from './routes/api-search.ts';
import { registerSearchFeed } from './routes/search-pages.ts';
import { registerAtomFeed } from './routes/atom-feed.ts';
import { registerAccountPages } from './routes/account-pages.ts';
import { registerCommunityApi } from './routes/community-api.ts';
import { registerEngagementApi } from './routes/engagement-api.ts';
import { registerCommunityPages } from './routes/community-pages.ts';
import { registerLibraryApi } from './routes/library-api.ts';
import { registerLibraryPages } from './routes/library-pages.ts';
import { registerTasteApi } from './routes/taste-api.ts';
import { registerTastePages } from './routes/taste-pages.ts';
import { registerFiltersApi } from './routes/filters-api.ts';
import { registerFilterPages } from './routes/filter-pages.ts';
import { registerWebhooksApi } from './routes/webhooks-api.ts';
import { registerWebhookPages } from './routes/webhook-pages.ts';
import { registerAccountDataPages } from './routes/account-data-pages.ts';
import { registerFeedPages } from './routes/feed-pages.ts';
import { registerOperations } from './routes/operations.ts';
import { registerPaperPage } from './routes/paper-page.ts';
import { registerAdminOutbox } from './routes/admin-outbox.ts';
import { registerCrawlerFiles } from './routes/crawlers.ts';
import { registerRecommendApi } from './routes/recommend-api.ts';
import { registerRecommendPages } from './routes/recommend-pages.ts';
import { registerSubscriptions } from './routes/subscriptions.ts';
import { registerTopicPages } from './routes/topics-pages.ts';
import { answerError, wantsJson } from './refusals.ts';
import { ResponseCache } from './response-cache.ts';
import { registerCompression } from './compression.ts';
import { registerExposedHeaders } from './exposed-headers.ts';
import { registerHttpCaching } from './http-caching.ts';
import { registerSearchLimits, type SearchLimits } from './search-limits.ts';
import { registerShutdown, Shutdown } from './shutdown.ts';
import { assetHref, loadStaticAssets, registerStaticAssets } from './routes/static-assets.ts';

export interface ServerOptions {
  config: Config;
  store: Store;
  /** Request and error logs go here as JSON lines; without one the server logs nothing (tests). */
  logger?: Logger;
  /** How long the busiest lists are reused before they are rendered again; 0 turns that off. */
  responseCacheSeconds?: number;
  /** The service's one mail transport; the caller closes it. */
  mailer: Mailer;
  /** The store's keyword index, shared with the jobs. */
  searchIndex: SearchIndex;
  /** Looks up papers members submit that are not stored yet. */
  arxivLookup: ArxivLookup;
  /** Posts saved filters to webhooks (a member's test post). */
  webhooks: WebhookDeps;
  /** The community's clock (tests). */
  now?: () => Date;
  /** Semantic ranking fused into search and used for similar papers; keyword-only without it. */
  semantic?: SemanticSearch | null;
  /** How long a client may take over each part of a request (defaults below; tests shorten them). */
  timeouts?: Partial<HttpTimeouts>;
  /** Each client's share of the searches and the server-wide cap (defaults in search-limits.ts; tests shorten the waits). */
  searchLimits?: Partial<SearchLimits>;
  /** URLs per sitemap file before /sitemap.xml becomes an index (the protocol's 50,000; tests lower it). */
  sitemapUrlsPerFile?: number;
  /** Begun by `serve` on SIGTERM (a drain before closing); never begun without one. */
  shutdown?: Shutdown;
}

/** Limits on slow or silent clients, so a connection that trickles or sends nothing is closed. */
export interface HttpTimeouts {
  /** From the connection's start to the end of the request headers. */
  headersMs: number;
  /** From the connection's start to the end of the request body. */
  requestMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveMs: number;
  /** How long a socket may stay silent at any point (the response too). */
  idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = Object.freeze({
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  idleMs: 60_000,
});

/**
 * On SQLite one process serves the database; on PostgreSQL replicas may, and a vote made through
 * another replica clears only that one's cache: half a second keeps it visible everywhere within a second.
 */
const DEFAULT_RESPONSE_CACHE_SECONDS = { sqlite: 2, postgres: 0.5 } as const;
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

export async function buildServer({
  config,
  store,
  logger,
  responseCacheSeconds,
  mailer,
  searchIndex,
  arxivLookup,
  webhooks,
  now,
  semantic,
  timeouts,
  sitemapUrlsPerFile,
  searchLimits,
  shutdown,
}: ServerOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_HTTP_TIMEOUTS, ...timeouts };
  const app = Fastify({
    http: {
      headersTimeout: limits.headersMs,
      // Node checks the header and request deadlines on this beat (30 s by default, too coarse).
      connectionsCheckingInterval: Math.min(1_000, limits.headersMs / 4),
    },
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    connectionTimeout: limits.idleMs,
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // One line per request, written below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Ids in URLs (`https://arxiv.org/abs/…` pasted after /papers/) can be long; an empty
    // parameter (`?date=`) counts as absent, as a form's empty field does.
    routerOptions: { maxParamLength: 500, querystringParser: withoutEmptyValues },
    ajv: {
      customOptions: { verbose: true, keywords: REFUSAL_KEYWORDS, formats: API_FORMATS },
    },
    // Route schemas validate in the words clients have always read (api-schema.ts).
    schemaErrorFormatter: refusalOf,
    // Behind a reverse proxy every request comes from the proxy: the client is in X-Forwarded-For.
    trustProxy: config.trustProxy,
    // After a drain a request may still arrive on a kept-alive connection: answer it, not 503.
    return503OnClosing: false,
  }) as unknown as FastifyInstance;
  // Response schemas describe the answers (and tests check them); the bytes sent stay plain
  // JSON.stringify, so a field a schema forgot is never silently dropped.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const assets = await loadStaticAssets();
  const ctx: WebContext = {
    config,
    store,
    site: {
      baseUrl: config.baseUrl,
      cssHref: assetHref(assets, 'style.css'),
      iconHref: assetHref(assets, 'icon.svg'),
      upvoteScriptHref: assetHref(assets, 'upvote.js'),
      keysScriptHref: assetHref(assets, 'keys.js'),
      atomHref: `${config.baseUrl}/papers/feed.atom`,
    },
    hf: { baseUrl: config.baseUrl },
    cache: new ResponseCache({
      ttlMs: (responseCacheSeconds ?? DEFAULT_RESPONSE_CACHE_SECONDS[config.database.dialect]) * 1000,
      maxBytes: RESPONSE_CACHE_BYTES,
      variantOf: densityOf,
    }),
    community: { arxivLookup, sendMail: (mail) => mailer.send(mail), now: now ?? (() => new Date()) },
    mailer,
    searchIndex,
    arxivLookups: new ArxivLookups(arxivLookup),
    background: new BackgroundWork(() => app.log),
    semantic: semantic ?? null,
    webhooks,
    shutdown: shutdown ?? new Shutdown(),
  };

  await app.register(helmet, {
    // Pages need nothing but their own stylesheet and images: no script, no inline style.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // A self-hosted service is often plain http on a LAN; pin https only where it is served so.
    strictTransportSecurity: config.baseUrl.startsWith('https:'),
    // Everything here is public: feed readers and other sites may load the API and images.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });

  // Before every route, /openapi.json included: the plugin hooks into each route as it is declared.
  await registerCompression(app);
  await registerOpenApi(app, config.baseUrl);
  registerNulGuard(app);
  // Before the session is looked up: a search refused for its share costs no query.
  registerSearchLimits(app, searchLimits);
  await registerAuth(app, ctx);
  registerMemberHeader(app);
  registerDensity(app);
  registerHttpCaching(app);
  registerExposedHeaders(app);
  registerShutdown(app, ctx.shutdown);
  app.addHook('onClose', async () => {
    await ctx.background.settled();
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });

  registerMetrics(app, store, config.metricsToken);
  registerStaticAssets(app, assets);
  registerOperations(app, ctx);
  registerDailyPapersApi(app, ctx);
  registerSearchApi(app, ctx);
  registerPapersApi(app, ctx);
  registerAtomFeed(app, ctx);
  registerSearchFeed(app, ctx);
  registerFeedPages(app, ctx);
  registerTopicPages(app, ctx);
  registerPaperPage(app, ctx);
  registerCommunityApi(app, ctx);
  registerEngagementApi(app, ctx);
  registerLibraryApi(app, ctx);
  registerLibraryPages(app, ctx);
  registerTasteApi(app, ctx);
  registerTastePages(app, ctx);
  registerFiltersApi(app, ctx);
  registerFilterPages(app, ctx);
  registerAccountDataPages(app, ctx);
  registerAccountPages(app, ctx);
  registerCommunityPages(app, ctx);
  registerSubscriptions(app, ctx);
  registerAdminOutbox(app, ctx);
  registerWebhooksApi(app, ctx);
  registerWebhookPages(app, ctx);
  registerCrawlerFiles(app, ctx, sitemapUrlsPerFile);
  registerRecommendApi(app, ctx);
  registerRecommendPages(app, ctx);

  app.get('/', async (_request, reply) => reply.redirect('/papers'));

  app.setNotFoundHandler(async (request, reply) => {
    if (wantsJson(request)) return reply.code(404).send({ error: `Not found: ${request.method} ${request.url.split('?')[0]}` });
    return sendHtml(reply, 404, h(NotFoundPage, { site: ctx.site, reason: { kind: 'path' } }));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => answerError(ctx, error, request, reply));

  return app;
}

function withoutEmptyValues(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(parseQueryString(text))) {
    if (value !== undefined && value !== '') query[name] = value;
  }
  return query;
}
