import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { pino } from 'pino';
import { buildTestServer } from '../support/web-server.ts';
import { BASE_URL, saveFixtures, testConfig, testServer, THREE_DAYS, useTestApp } from './fixtures.ts';

describe.each(DIALECTS)('operations endpoints on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, THREE_DAYS));

  it('answers /healthz and /readyz', async () => {
    const health = await web.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toStrictEqual({ status: 'ok' });
    const ready = await web.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toStrictEqual({ status: 'ok' });
  });

  it('counts requests by route pattern and status, and reports papers, feed entries and the process', async () => {
    await web.app.inject({ url: '/papers/date/2026-03-02' });
    await web.app.inject({ url: '/papers/date/2026-02-27' });
    await web.app.inject({ url: '/api/daily_papers?date=bad' });
    await web.app.inject({ url: '/no/such/page' });
    const res = await web.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('http_requests_total{method="GET",route="/papers/date/:day",status="200"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="/api/daily_papers",status="400"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.025",method="GET",route="\/papers\/date\/:day",status="200"\} \d/,
    );
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/papers/date/:day",status="200"} 2');
    expect(text).toContain('\ndailypapers_papers 6\n');
    expect(text).toContain('\ndailypapers_feed_entries 6\n');
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
  });

  it('keeps metrics per server, so two servers count separately', async () => {
    const other = await testServer(web.store);
    try {
      const text = (await other.inject({ url: '/metrics' })).body;
      expect(text).not.toContain('route="/papers/date/:day"');
    } finally {
      await other.close();
    }
  });

  it('answers /metrics only with Authorization: Bearer $METRICS_TOKEN when METRICS_TOKEN is set', async () => {
    const guarded = await buildTestServer({
      config: testConfig({ METRICS_TOKEN: 'scrape-secret' }),
      store: web.store,
      logger: pino({ level: 'silent' }),
    });
    try {
      for (const authorization of [undefined, 'Bearer wrong', 'Bearer scrape-secre', 'Basic scrape-secret']) {
        const refused = await guarded.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
        expect(refused.statusCode).toBe(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(refused.body).toBe('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
      }
      const scraped = await guarded.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-secret' } });
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain('\ndailypapers_papers 6\n');
    } finally {
      await guarded.close();
    }
  });

  it('publishes an OpenAPI 3.1 document generated from every /api route', async () => {
    const res = await web.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toStrictEqual([{ url: BASE_URL }]);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { operationId: string; tags: string[]; security: object[] }>).map(([method, op]) => ({
        route: `${method.toUpperCase()} ${path}`,
        ...op,
      })),
    );
    expect(operations.map((op) => op.route).sort()).toEqual([
      'DELETE /api/comments/{commentId}',
      'DELETE /api/me/collections/{id}',
      'DELETE /api/me/feedback/{arxivId}',
      'DELETE /api/me/filters/{id}',
      'DELETE /api/me/follows',
      'DELETE /api/me/library/{arxivId}',
      'DELETE /api/me/taste',
      'DELETE /api/me/webhooks/{id}',
      'DELETE /api/papers/{arxivId}/upvote',
      'GET /api/collections/{id}',
      'GET /api/collections/{id}/export',
      'GET /api/daily_papers',
      'GET /api/me/collections',
      'GET /api/me/export',
      'GET /api/me/feedback',
      'GET /api/me/feeds.opml',
      'GET /api/me/filters',
      'GET /api/me/filters/{id}',
      'GET /api/me/filters/{id}/papers',
      'GET /api/me/follows',
      'GET /api/me/library',
      'GET /api/me/library/export',
      'GET /api/me/recommendations',
      'GET /api/me/taste',
      'GET /api/me/webhooks',
      'GET /api/me/webhooks/{id}',
      'GET /api/me/webhooks/{id}/deliveries',
      'GET /api/papers',
      'GET /api/papers/search',
      'GET /api/papers/{arxivId}',
      'GET /api/papers/{arxivId}/cite',
      'GET /api/papers/{arxivId}/comments',
      'GET /api/papers/{arxivId}/engagement',
      'GET /api/papers/{arxivId}/similar',
      'GET /api/papers/{arxivId}/trending',
      'GET /healthz',
      'GET /metrics',
      // Not under /api, but documented: the topics chart's numbers, for scripts.
      'GET /papers/topics.csv',
      'GET /readyz',
      'PATCH /api/comments/{commentId}',
      'PATCH /api/me/collections/{id}',
      'PATCH /api/me/filters/{id}',
      'PATCH /api/me/webhooks/{id}',
      'POST /api/comments/{commentId}/hide',
      'POST /api/daily_papers',
      'POST /api/me/collections',
      'POST /api/me/filters',
      'POST /api/me/filters/{id}/feed-token',
      'POST /api/me/follows',
      'POST /api/me/library',
      'POST /api/me/library/import',
      'POST /api/me/webhooks',
      'POST /api/me/webhooks/{id}/test',
      'POST /api/papers/index',
      'POST /api/papers/{arxivId}/comments',
      'POST /api/papers/{arxivId}/upvote',
      'POST /api/recommendations',
      'POST /api/subscriptions',
      'PUT /api/me/feedback/{arxivId}',
      'PUT /api/me/library/{arxivId}',
    ]);
    // Each operation is named once and tagged; writes name the schemes that let them through.
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
    for (const op of operations) expect(op.tags, op.route).toHaveLength(1);
    const secured = operations.filter((op) => op.security.length > 0);
    expect(secured).toHaveLength(43);
    for (const op of secured) expect(op.security, op.route).toStrictEqual([{ bearerToken: [] }, { session: [] }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerToken', 'session']);
    const daily = doc.paths['/api/daily_papers'].get;
    expect(daily.parameters.map((p: { name: string }) => p.name)).toEqual([
      'p',
      'limit',
      'date',
      'week',
      'month',
      'submitter',
      'sort',
    ]);
    expect(daily.parameters[1].schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 50 });
  });

  it('refuses to start with an /api route that declares no schema', async () => {
    const other = await testServer(web.store);
    other.get('/api/undocumented', async () => []);
    await expect(other.ready()).rejects.toThrow(
      'API routes without an OpenAPI schema (give each a schema with operationId, tags and response): GET /api/undocumented',
    );
    await other.close().catch(() => {});
  });
});

describe.each(DIALECTS)('when the database is gone, on %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, THREE_DAYS);
    app = await testServer(store);
    await app.ready();
    await store.close();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers /readyz 503 with the reason, while /healthz stays 200', async () => {
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    const body = ready.json();
    expect(body.status).toBe('unavailable');
    expect(typeof body.error).toBe('string');
    expect(body.error.length).toBeGreaterThan(0);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('shows a 500 page that says nothing about the failure', async () => {
    const res = await app.inject({ url: '/papers' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Something went wrong');
    expect(res.body).toContain('<a href="/papers">');
    expect(res.body).not.toMatch(/destroy|driver|pool|sqlite|postgres|stack|Error/i);
  });

  it('answers the API with a bare JSON 500', async () => {
    const res = await app.inject({ url: '/api/daily_papers' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toStrictEqual({ error: 'Internal server error' });
  });

  it('still serves /metrics, without the database gauges', async () => {
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_requests_total');
  });
});
