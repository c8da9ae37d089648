/**
 * NUL bytes and control characters from clients and from imported data: NUL is refused with a
 * 400 that says where it was (PostgreSQL cannot store it), control characters never reach a
 * feed or a page, and imported text is cleaned before it is stored. On both stores.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPapers } from '../../src/ingest/import-papers.ts';
import { parseArxivListing } from '../../src/ingest/parsers/arxiv-listing.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { getPaper } from '../../src/store/papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { NOW, saveFixtures, testServer, THREE_DAYS } from './fixtures.ts';

const URL_NUL = 'The address contains a NUL character (%00), which is not allowed';
const BODY_NUL = 'The request body contains a NUL character, which is not allowed';
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

/** Throws unless `xml` is well-formed XML 1.0. */
function parseXml(xml: string): void {
  const parser = new SaxesParser();
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
}

describe.each(DIALECTS)('hostile characters on %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, THREE_DAYS);
    const user = await signUp(store, { email: 'nul@example.org', password: 'a long password', displayName: 'Nul' }, NOW);
    ({ token } = await createApiToken(store, user.id, 'hostile', NOW));
    app = await testServer(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it.each([
    '/papers/%00',
    '/papers/2603.00010%00',
    '/api/papers/2603.00010%00',
    '/api/papers/2603.00010/comments%00',
    '/api/daily_papers?submitter=%00',
    '/api/daily_papers?date=2026-03-02%00',
    '/api/papers/search?q=a%00b',
    '/papers?q=routing%00',
    '/papers/search.atom?q=%00',
    '/unsubscribe?token=%00',
  ])('refuses %s with a 400 naming the NUL', async (url) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(400);
    if (url.startsWith('/api/')) expect(res.json()).toStrictEqual({ error: URL_NUL });
    else expect(res.body).toContain(URL_NUL);
  });

  it.each([
    ['POST', '/api/papers/2603.00010/comments', { text: 'a\u0000b' }],
    ['POST', '/api/papers/index', { arxivId: '2603.00010\u0000' }],
    ['POST', '/api/subscriptions', { email: 'a\u0000@example.org', frequency: 'daily' }],
    ['POST', '/api/papers/2603.00010/comments', { text: 'fine', ['key\u0000']: 1 }],
  ] as const)('refuses a %s %s body holding a NUL with a 400', async (method, url, body) => {
    const res = await app.inject({
      method,
      url,
      payload: JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toStrictEqual({ error: BODY_NUL });
  });

  it('refuses a NUL in a form body with a 400 page', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      payload: 'email=a%00b&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(BODY_NUL);
  });

  it('answers a search feed whose query holds control characters with well-formed XML', async () => {
    const res = await app.inject({ url: '/papers/search.atom?q=%01routing%0B%EF%BF%BE%C2%9F' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(UNPRINTABLE);
    expect(() => parseXml(res.body)).not.toThrow();
    expect(res.body).toContain('<title>Daily Papers search: routing</title>');
  });

  it('drops control characters from a search page, keeping the words', async () => {
    const res = await app.inject({ url: '/papers?q=%01sparse%7F%C2%85routing' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(UNPRINTABLE);
    expect(res.body).toContain('value="sparserouting"');
  });

  it('cleans control characters out of imported records before storing them', async () => {
    const line = JSON.stringify({
      id: '2603.09999',
      title: 'Control\u0001 characters\u000B in\u0000 a title\uFFFE',
      authors: ['Ada\u0007 Lovelace'],
      categories: ['cs.CL'],
      summary: 'An abstract\u001B[31m with an escape\u0085 sequence.',
      listing_date: '2026-03-02',
    });
    const summary = await importPapers(store, parseArxivListing(Readable.from([Buffer.from(`${line}\n`)])), {
      feedCategories: [],
      now: () => NOW,
    });
    expect(summary.imported).toBe(1);
    const paper = await getPaper(store, '2603.09999');
    expect(paper?.title).toBe('Control characters in a title');
    expect(paper?.abstract).toBe('An abstract[31m with an escape sequence.');
    expect(paper?.authors).toEqual(['Ada Lovelace']);
    const page = await app.inject({ url: '/papers/2603.09999' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(UNPRINTABLE);
    expect(page.body).toContain('Control characters in a title');
  });
});
