/**
 * `/openapi.json` is generated from the routes; this holds it to two outside judges: Redocly's
 * recommended rules (zero errors), and the real answers of every GET route, which must match
 * the document's response schema for their status, on both databases.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { userByEmail } from '../../src/store/accounts.ts';
import { enqueueDelivery, insertWebhook } from '../../src/store/webhooks.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { BUSY_DAY, busyDay, corpusDoc, NOW, saveFixtures, testServer, THREE_DAYS } from './fixtures.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

describe('the generated OpenAPI document', () => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    app = await testServer(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('passes Redocly’s recommended rules with no errors', async () => {
    const source = (await app.inject({ url: '/openapi.json' })).body;
    const problems = await lintFromString({
      source,
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['recommended'] }),
    });
    const errors = problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`)).toEqual([]);
  });

  it('declares X-Search-Indexing on every operation that may send it, and X-Search-Partial on search', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, object> }> }>>;
    };
    const declared = Object.fromEntries(
      Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.entries(operations).flatMap(([method, operation]) => {
          const headers = Object.keys(operation.responses['200']?.headers ?? {});
          return headers.length > 0 ? [[`${method.toUpperCase()} ${path}`, headers]] : [];
        }),
      ),
    );
    expect(declared).toEqual({
      'GET /api/papers/search': ['x-search-partial', 'x-search-indexing'],
      'GET /api/papers/{arxivId}/similar': ['x-search-indexing'],
      'GET /papers/topics.csv': ['x-search-indexing'],
      'GET /api/me/filters/{id}/papers': ['x-search-indexing'],
      'POST /api/recommendations': ['x-unknown-paper-ids', 'x-search-indexing'],
      'GET /api/me/recommendations': ['x-search-indexing'],
      // Not a search header: the next page's cursor.
      'GET /api/papers': ['Link'],
    });
    // One definition, the same words everywhere.
    const search = doc.paths['/api/papers/search']!.get!.responses['200']!.headers!;
    expect(search['x-search-indexing']).toEqual(
      doc.paths['/papers/topics.csv']!.get!.responses['200']!.headers!['x-search-indexing'],
    );
    expect(search).toEqual({
      'x-search-partial': {
        schema: { type: 'string', enum: ['true'] },
        description:
          '`true` when more, or better, matches may exist: the search reached its work budget, or the archive is still being indexed. The results are real matches. Absent otherwise.',
      },
      'x-search-indexing': {
        schema: { type: 'string', enum: ['true'] },
        description:
          '`true` while the archive is first indexed: the answer comes from the newest papers only, and others appear once indexing finishes (within minutes). Absent otherwise.',
      },
    });
  });
});

describe.each(DIALECTS)('real answers match /openapi.json on %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let doc: OpenApiDocument;
  let token: string;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<object, ValidateFunction>();
  /** GET operations whose answers were checked, as "GET /path"; each must be met below. */
  const checked = new Set<string>();

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, [...THREE_DAYS, corpusDoc, ...busyDay]);
    app = await testServer(store);
    doc = (await app.inject({ url: '/openapi.json' })).json();
    const ana = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    token = (await createApiToken(store, ana.id, 'test', NOW)).token;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** Sends the request and checks its answer against the document's schema for `path`. */
  async function answer(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    url: string,
    expected: number,
    payload?: object,
    anonymous = false,
  ): Promise<LightMyRequestResponse> {
    const res = await app.inject({
      method,
      url,
      // Every call as Ana (unless asked): the library's operations answer only a member; the rest answer anyone alike.
      headers: anonymous ? {} : { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, url).toBe(expected);
    const operation = doc.paths[path]?.[method.toLowerCase()];
    const schema = operation?.responses[String(expected)]?.content?.['application/json']?.schema;
    expect(schema, `${method} ${path} ${expected}`).toBeDefined();
    let validate = validators.get(schema!);
    if (!validate) validators.set(schema!, (validate = ajv.compile(schema!)));
    expect(validate(res.json()) ? [] : validate.errors, url).toEqual([]);
    if (method === 'GET') checked.add(`GET ${path}`);
    return res;
  }

  it('daily papers: every parameter, and each refusal', async () => {
    const path = '/api/daily_papers';
    for (const query of [
      '',
      '?date=2026-03-02',
      '?week=2026-W09',
      '?month=2026-02',
      `?date=${BUSY_DAY}&p=1&limit=20`,
      '?submitter=akhaliq',
      '?sort=trending',
      '?sort=publishedAt',
      '?date=2026-02-26',
    ]) {
      await answer('GET', path, path + query, 200);
    }
    const items = (await answer('GET', path, `${path}?date=${BUSY_DAY}&limit=100`, 200)).json();
    expect(items).toHaveLength(55);
    for (const query of [
      '?limit=0',
      '?p=-1',
      '?date=2025-02-30',
      '?week=2024-W54',
      '?month=2024-13',
      '?sort=hot',
      '?date=2026-03-02&week=2026-W10',
    ]) {
      await answer('GET', path, path + query, 400);
    }
  });

  it('papers by cursor, to the last page, and a bad cursor', async () => {
    let url: string | null = '/api/papers?limit=25';
    let pages = 0;
    while (url) {
      const res = await answer('GET', '/api/papers', url, 200);
      const link = res.headers.link as string | undefined;
      url = link ? link.replace(/^<http:\/\/papers\.test([^>]+)>; rel="next"$/, '$1') : null;
      pages++;
    }
    expect(pages).toBe(3);
    await answer('GET', '/api/papers', '/api/papers?cursor=not-a-cursor', 400);
    await answer('GET', '/api/papers', '/api/papers?limit=101', 400);
  });

  it('one paper, with comments and votes written through the API', async () => {
    const comments = '/api/papers/{arxivId}/comments';
    const first = (await answer('POST', comments, '/api/papers/2603.00010/comments', 201, { text: 'Nice **routing**.' })).json();
    await answer('POST', comments, '/api/papers/2603.00010/comments', 201, { text: 'Agreed.', parentId: first.id });
    await answer('POST', '/api/papers/{arxivId}/upvote', '/api/papers/2603.00010/upvote', 200, {});

    const path = '/api/papers/{arxivId}';
    await answer('GET', path, '/api/papers/2603.00010', 200);
    await answer('GET', path, '/api/papers/hep-th/9901001', 200);
    await answer('GET', path, '/api/papers/4983', 200);
    const detail = (await answer('GET', path, '/api/papers/2603.00010?field=comments', 200)).json();
    expect(detail.comments[0].replies).toHaveLength(1);
    await answer('GET', path, '/api/papers/2603.00010?field=votes', 400);
    await answer('GET', path, '/api/papers/not-an-id', 404);
    await answer('GET', path, '/api/papers/2603.99999', 404);

    expect((await answer('GET', comments, '/api/papers/2603.00010/comments', 200)).json()).toHaveLength(1);
    const trending = '/api/papers/{arxivId}/trending';
    expect((await answer('GET', trending, '/api/papers/2603.00010/trending', 200)).json().rank).toBe(1);
    await answer('GET', trending, '/api/papers/2603.00011/trending', 200);
    await answer('GET', trending, '/api/papers/2603.99999/trending', 404);
    const engagement = '/api/papers/{arxivId}/engagement';
    expect((await answer('GET', engagement, '/api/papers/2603.00010/engagement', 200)).json().totals).toEqual({
      upvotes: 1,
      comments: 2,
    });
    await answer('GET', engagement, '/api/papers/2603.99999/engagement', 404);
  });

  it('search with each filter, similar papers, and their refusals', async () => {
    const path = '/api/papers/search';
    for (const query of [
      '?q=routing',
      '?q=routing&limit=5&sort=date',
      '?q=routing&from=2026-02-01&to=2026-03-31&category=cs.CL&hasCode=true',
      '?q=2603.00010',
      '?q=nothingmatchesthis',
      // Without q: the latest papers.
      '',
      '?limit=3',
    ]) {
      await answer('GET', path, path + query, 200);
    }
    for (const query of [
      '?category=cs.CL',
      '?q=x&limit=121',
      '?q=x&from=2026-02-30',
      '?q=x&hasCode=yes',
      '?q=x&sort=best',
      `?q=${'a'.repeat(251)}`,
    ]) {
      await answer('GET', path, path + query, 400);
    }
    const similar = '/api/papers/{arxivId}/similar';
    await answer('GET', similar, '/api/papers/2603.00010/similar', 200);
    await answer('GET', similar, '/api/papers/2603.00010/similar?limit=2', 200);
    await answer('GET', similar, '/api/papers/2603.00010/similar?limit=21', 400);
    await answer('GET', similar, '/api/papers/2603.99999/similar', 404);
  });

  it('the library: saved papers, collections, a public collection, exports and citations', async () => {
    await answer('POST', '/api/me/library', '/api/me/library', 200, { paperId: '2603.00010' });
    const collection = (
      await answer('POST', '/api/me/collections', '/api/me/collections', 201, { name: 'Open', public: true })
    ).json();
    await answer('PUT', '/api/me/library/{arxivId}', '/api/me/library/2603.00010', 200, {
      note: 'n',
      collectionIds: [collection.id],
    });
    for (const query of ['', '?read=false', `?collection=${collection.id}`])
      await answer('GET', '/api/me/library', `/api/me/library${query}`, 200);
    await answer('GET', '/api/me/library', '/api/me/library?read=maybe', 400);
    await answer('GET', '/api/me/library', '/api/me/library?collection=999999', 404);
    await answer('GET', '/api/me/collections', '/api/me/collections', 200);
    await answer('GET', '/api/collections/{id}', `/api/collections/${collection.id}`, 200);
    await answer('GET', '/api/collections/{id}', '/api/collections/999999', 404);
    await answer('GET', '/api/collections/{id}', '/api/collections/first', 400);
    await answer('GET', '/api/collections/{id}/export', '/api/collections/999999/export', 404);
    await answer('GET', '/api/collections/{id}/export', `/api/collections/${collection.id}/export?format=apa`, 400);
    await answer('GET', '/api/me/library/export', '/api/me/library/export?format=apa', 400);
    await answer('GET', '/api/papers/{arxivId}/cite', '/api/papers/2603.99999/cite', 404);
    await answer('GET', '/api/papers/{arxivId}/cite', '/api/papers/2603.00010/cite?format=apa', 400);
    await answer('GET', '/api/me/export', '/api/me/export', 200);
  });

  it('taste: marks, follows, everything learned, and their refusals (taste-api.test.ts checks the deletions)', async () => {
    const mark = '/api/me/feedback/{arxivId}';
    await answer('PUT', mark, '/api/me/feedback/2603.00011', 200, { kind: 'more' });
    await answer('PUT', mark, '/api/me/feedback/2603.00011', 400, { kind: 'maybe' });
    await answer('PUT', mark, '/api/me/feedback/2603.99999', 404, { kind: 'less' });
    await answer('GET', '/api/me/feedback', '/api/me/feedback', 200);
    await answer('POST', '/api/me/follows', '/api/me/follows', 200, { category: 'cs.CL' });
    await answer('POST', '/api/me/follows', '/api/me/follows', 400, { category: 'Not One' });
    await answer('GET', '/api/me/follows', '/api/me/follows', 200);
    await answer('GET', '/api/me/taste', '/api/me/taste', 200);
  });

  it('saved filters: create, read, their papers, refusals, and the OPML refused to anonymous', async () => {
    const filter = (
      await answer('POST', '/api/me/filters', '/api/me/filters', 201, { name: 'Routing', query: 'routing', email: 'daily' })
    ).json();
    await answer('POST', '/api/me/filters', '/api/me/filters', 400, { name: 'Bad', categories: ['no such'] });
    await answer('GET', '/api/me/filters', '/api/me/filters', 200);
    await answer('GET', '/api/me/filters/{id}', `/api/me/filters/${filter.id}`, 200);
    await answer('GET', '/api/me/filters/{id}', '/api/me/filters/999999', 404);
    await answer('GET', '/api/me/filters/{id}', '/api/me/filters/first', 400);
    await answer('GET', '/api/me/filters/{id}/papers', `/api/me/filters/${filter.id}/papers?limit=2`, 200);
    await answer('GET', '/api/me/filters/{id}/papers', `/api/me/filters/${filter.id}/papers?limit=0`, 400);
    await answer('POST', '/api/me/filters/{id}/feed-token', `/api/me/filters/${filter.id}/feed-token`, 200);
    await answer('GET', '/api/me/feeds.opml', '/api/me/feeds.opml', 401, undefined, true);
  });

  it('webhooks: the list, one, its delivery log, and their refusals', async () => {
    // Stored directly: made through the API, its address would be checked, and this one does not resolve here.
    const ana = (await userByEmail(store, 'ana@example.org'))!;
    const hook = await insertWebhook(
      store.db,
      { userId: ana.id, filterId: 1, format: 'slack', frequency: 'daily', url: 'https://hooks.example.org/x', secret: 's' },
      NOW,
    );
    await enqueueDelivery(store, { webhookId: hook.id, period: 'daily:2026-03-02', payload: null, now: NOW });
    await answer('GET', '/api/me/webhooks', '/api/me/webhooks', 200);
    await answer('GET', '/api/me/webhooks/{id}', `/api/me/webhooks/${hook.id}`, 200);
    await answer('GET', '/api/me/webhooks/{id}', '/api/me/webhooks/999999', 404);
    await answer('GET', '/api/me/webhooks/{id}', '/api/me/webhooks/first', 400);
    await answer('GET', '/api/me/webhooks/{id}/deliveries', `/api/me/webhooks/${hook.id}/deliveries`, 200);
    await answer('GET', '/api/me/webhooks/{id}/deliveries', '/api/me/webhooks/999999/deliveries', 404);
    await answer('POST', '/api/me/webhooks', '/api/me/webhooks', 400, {
      filterId: 1,
      format: 'json',
      url: 'https://example.org/',
    });
  });

  it('recommendations, stateless and the member’s, and their refusals', async () => {
    const path = '/api/recommendations';
    await answer('POST', path, path, 200, { positivePaperIds: ['2603.00011'], from: '2026-02-01' });
    await answer('POST', path, path, 404, { positivePaperIds: ['2603.99999'] });
    await answer('POST', path, path, 400, { positivePaperIds: [] });
    await answer('POST', path, path, 400, { positivePaperIds: ['2603.00010'], limit: 501 });
    await answer('GET', '/api/me/recommendations', '/api/me/recommendations?from=2026-02-01', 200);
    await answer('GET', '/api/me/recommendations', '/api/me/recommendations?limit=501', 400);
  });

  it('health and readiness', async () => {
    await answer('GET', '/healthz', '/healthz', 200);
    await answer('GET', '/readyz', '/readyz', 200);
  });

  it('left no GET operation with JSON answers unchecked', () => {
    const jsonGets = Object.entries(doc.paths)
      .filter(([, ops]) => Object.values(ops.get?.responses ?? {}).some((r) => r.content?.['application/json']))
      .map(([path]) => `GET ${path}`);
    expect([...checked].sort()).toEqual(jsonGets.sort());
  });
});
