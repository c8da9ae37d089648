/**
 * Every read route a visitor or member uses reads through indexes, on both stores: the real
 * server runs on a store that records each query it sends, every GET of the route inventory
 * (test/web/operations.test.ts) is answered once, and each query it sent is explained. A plan
 * that reads a growing table whole (test/support/query-plans.ts says which tables, and how each
 * store's plan is judged) fails here, on a few rows, instead of slowing the page at a million.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { encodeCursor } from '../../src/web/params.ts';
import { recording, wholeTableScans } from '../support/query-plans.ts';
import { routesOf } from '../support/routes.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { buildTestServer } from '../support/web-server.ts';
import { Browser } from './community-fixtures.ts';
import { busyDay, NOW, saveFixtures, testConfig, THREE_DAYS } from './fixtures.ts';

const PASSWORD = 'a long password';

/**
 * GET routes no list asks, and why none of them reads a table that grows with the hub: documents
 * built in memory or read from the disk, and the probes.
 */
const READS_NO_GROWING_TABLE = [
  '/openapi.json',
  '/static/:name',
  '/robots.txt',
  '/healthz',
  '/readyz',
  // Sets the card-density cookie and sends the reader back.
  '/density',
  // A mail of the outbox folder in DATA_DIR.
  '/admin/outbox/:name',
];

/** A route to ask, and the status it answers (200 unless named). */
type Asked = string | [url: string, status: number];

/** What a visitor reads: the feeds, search with each filter, a paper, the public API and feeds. */
const VISITOR_ROUTES: Asked[] = [
  ['/', 302],
  ['/papers/date?day=2026-02-27', 302],
  '/papers',
  '/papers/date/2026-03-02',
  '/papers/week/2026-W10',
  '/papers/month/2026-03',
  '/papers/trending',
  '/papers?q=routing',
  '/papers?q=routing&category=cs.CL',
  '/papers?q=routing&category=cs',
  '/papers?q=routing&hasCode=true',
  '/papers?q=routing&from=2026-01-01&to=2026-03-31',
  '/papers?q=routing&sort=date',
  '/papers?q=author:%22Ana%20Lima%22',
  '/papers?q=author:%22Ana%20Lima%22%20routing',
  '/papers/2603.00010',
  '/papers/hep-th/9901001',
  '/papers/search.atom?q=routing',
  '/papers/search.json?q=routing&hasCode=true',
  '/papers/feed.atom',
  '/papers/feed.json',
  '/papers/topics',
  '/papers/topics.csv',
  '/sitemap.xml',
  '/sitemap-1.xml',
  '/api/daily_papers',
  '/api/daily_papers?date=2026-03-02',
  '/api/daily_papers?week=2026-W10',
  '/api/daily_papers?month=2026-03',
  '/api/daily_papers?submitter=akhaliq',
  '/api/daily_papers?sort=trending',
  '/api/daily_papers?date=2026-01-15&p=1&limit=10',
  '/api/papers?limit=10',
  `/api/papers?cursor=${encodeCursor({ publishedAt: '2026-01-14T05:00:00.000Z', id: '2601.10005' })}&limit=10`,
  '/api/papers/search?q=routing',
  '/api/papers/search?q=routing&category=cs.LG&hasCode=true',
  '/api/papers/search?q=author:%22Ana%20Lima%22',
  '/api/papers/2603.00010',
  '/api/papers/2603.00010/cite',
  '/api/papers/2603.00010/comments',
  '/api/papers/2603.00010/engagement',
  '/api/papers/2603.00010/similar',
  '/api/papers/2603.00010/trending',
  '/metrics',
  '/signup',
  '/subscribe',
  ['/confirm?token=no-such-token', 400],
  ['/unsubscribe?token=no-such-token', 400],
  '/login/link?token=no-such-token',
];

interface Ids {
  collection: number;
  filter: number;
  webhook: number;
}

/** What a signed-in member reads, in a browser (session) or through the API (token); ids filled in once made. */
const memberPages = (ids: Ids): Asked[] => [
  '/papers',
  '/papers/2603.00010',
  '/papers/for-you',
  '/library',
  `/collections/${ids.collection}`,
  `/collections/${ids.collection}/feed.atom`,
  `/collections/${ids.collection}/feed.json`,
  '/filters',
  `/filters/${ids.filter}`,
  '/settings',
  '/settings/taste',
  '/settings/webhooks',
  '/settings/delete',
  `/filters/${ids.filter}/feed.atom`,
  `/filters/${ids.filter}/feed.json`,
  '/papers/submit',
  '/moderation',
  '/admin/outbox',
];
const memberApi = (ids: Ids): Asked[] => [
  '/api/me/library',
  `/api/me/library?collection=${ids.collection}`,
  '/api/me/library/export',
  '/api/me/collections',
  `/api/collections/${ids.collection}`,
  `/api/collections/${ids.collection}/export`,
  '/api/me/export',
  '/api/me/feedback',
  '/api/me/feeds.opml',
  '/api/me/filters',
  `/api/me/filters/${ids.filter}`,
  `/api/me/filters/${ids.filter}/papers`,
  '/api/me/follows',
  '/api/me/recommendations',
  '/api/me/taste',
  '/api/me/webhooks',
  `/api/me/webhooks/${ids.webhook}`,
  `/api/me/webhooks/${ids.webhook}/deliveries`,
];

describe.each(DIALECTS)('query plans of every read route, on %s', (dialect) => {
  let store: TestStore;
  let recorded: ReturnType<typeof recording>;
  let app: FastifyInstance;
  let browser: Browser;
  let bearer: { authorization: string };
  const ids: Ids = { collection: 0, filter: 0, webhook: 0 };
  /** The route patterns that answered a request, to find the GET routes no list reaches. */
  const answered = new Set<string>();

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, [...THREE_DAYS, ...busyDay]);
    recorded = recording(store);
    app = await buildTestServer({
      config: testConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-plans-')), WEBHOOK_ALLOW_PRIVATE: 'on' }),
      store: recorded.store,
      responseCacheSeconds: 0,
      arxivLookup: async () => null,
      now: () => NOW,
    });
    app.addHook('onResponse', async (request) => {
      if (request.routeOptions.url) answered.add(request.routeOptions.url);
    });
    // An admin, so the moderation and outbox pages answer too.
    const member = await signUp(
      store,
      { email: 'member@example.org', password: PASSWORD, displayName: 'Member', role: 'admin' },
      NOW,
    );
    const other = await signUp(store, { email: 'other@example.org', password: PASSWORD, displayName: 'Other' }, NOW);
    bearer = { authorization: `Bearer ${(await createApiToken(store, member.id, 'plans', NOW)).token}` };
    const otherBearer = { authorization: `Bearer ${(await createApiToken(store, other.id, 'plans', NOW)).token}` };
    const send = async (method: 'POST' | 'PUT', url: string, payload: object | null, headers = bearer) => {
      const res = await app.inject({ method, url, payload: payload ?? undefined, headers });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    for (const headers of [bearer, otherBearer]) {
      await send('POST', '/api/papers/2603.00010/upvote', null, headers);
      await send('POST', '/api/papers/2603.00011/upvote', null, headers);
    }
    const top = await send('POST', '/api/papers/2603.00010/comments', { text: 'A first comment.' });
    await send('POST', '/api/papers/2603.00010/comments', { text: 'A reply.', parentId: top.id }, otherBearer);
    await send('POST', '/api/me/library', { paperId: '2603.00010' });
    await send('POST', '/api/me/library', { paperId: '2602.00020' });
    ids.collection = (await send('POST', '/api/me/collections', { name: 'Reading', public: true })).id;
    await send('PUT', '/api/me/library/2603.00010', { note: 'read again', collectionIds: [ids.collection] });
    ids.filter = (await send('POST', '/api/me/filters', { name: 'Routing', query: 'routing', email: 'daily', public: true })).id;
    const hook = { filterId: ids.filter, format: 'json', url: 'http://127.0.0.1:9/hook' };
    ids.webhook = (await send('POST', '/api/me/webhooks', hook)).id;
    await send('POST', '/api/me/follows', { category: 'cs.CL' });
    await send('POST', '/api/me/follows', { author: 'Ana Lima' });
    await send('PUT', '/api/me/feedback/2603.00011', { kind: 'less' });
    browser = new Browser(app);
    expect((await browser.logIn('member@example.org', PASSWORD)).status).toBe(303);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  /**
   * Answers each GET and explains every query it sent: the routes that scan, each named with how
   * many queries it sent and the scanning queries' SQL and plan steps, and the routes that did
   * not answer as expected (so none is skipped unread), with their answer. None when all is well.
   */
  async function scansOf(asked: Asked[], get: (url: string) => Promise<{ status: number; body: string }>) {
    const found: { route: string; scans: { sql: string; plan: string[] }[] | string }[] = [];
    for (const [url, status] of asked.map((entry): [string, number] => (typeof entry === 'string' ? [entry, 200] : entry))) {
      recorded.take();
      const res = await get(url);
      const queries = recorded.take();
      if (res.status !== status) {
        found.push({ route: `GET ${url} answered ${res.status}`, scans: res.body.slice(0, 300) });
        continue;
      }
      const scans: { sql: string; plan: string[] }[] = [];
      for (const query of queries) {
        const plan = await wholeTableScans(store, query);
        if (plan.length > 0) scans.push({ sql: query.sql, plan });
      }
      if (scans.length > 0) found.push({ route: `GET ${url} sent ${queries.length} queries`, scans });
    }
    return found;
  }
  const inject = (headers: Record<string, string>) => async (url: string) => {
    const res = await app.inject({ url, headers });
    return { status: res.statusCode, body: res.body };
  };

  it('reads through indexes on every visitor route', async () => {
    expect(await scansOf(VISITOR_ROUTES, inject({}))).toEqual([]);
  });

  it('reads through indexes on every member page', async () => {
    expect(await scansOf(memberPages(ids), (url) => browser.get(url))).toEqual([]);
  });

  it('reads through indexes on every member API read', async () => {
    expect(await scansOf(memberApi(ids), inject(bearer))).toEqual([]);
  });

  it('leaves no read route unchecked', () => {
    const unchecked = routesOf(app)
      // The tree prints a wildcard under its prefix as `/papers*`; the route is `/papers/*`.
      .map((route) => ({ ...route, path: route.path.replace(/([^/])\*$/, '$1/*') }))
      .filter((route) => route.method === 'GET' && !answered.has(route.path) && !READS_NO_GROWING_TABLE.includes(route.path))
      .map((route) => route.path);
    expect(unchecked).toEqual([]);
  });
});
