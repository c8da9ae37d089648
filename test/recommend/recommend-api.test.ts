/** Recommendations over HTTP on both stores: the stateless API, the member's API and page, their refusals. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { Browser } from '../web/community-fixtures.ts';
import { testConfig } from '../web/fixtures.ts';
import { LIBRARY, RECOMMEND_CORPUS, SPEECH_OLD, WINDOW } from './recommend-fixtures.ts';

/** The hub's today: the member's default window (30 days back) holds February's papers. */
const TODAY = new Date('2026-02-20T08:00:00.000Z');
const libraryIds = LIBRARY.map((p) => p.id);

interface Item {
  paper: { id: string; title: string; authors: { name: string }[] };
  title: string;
  reason: string;
}

describe.each(DIALECTS)('recommendations on %s', (dialect) => {
  const db = useTestStore(dialect, (store) => savePapers(store, RECOMMEND_CORPUS, { feedCategories: [], now: TODAY }));
  let app: FastifyInstance;
  let ana = '';
  let ben = '';

  beforeAll(async () => {
    app = await buildTestServer({ config: testConfig(), store: db.store, searchIndex: db.searchIndex, now: () => TODAY });
    const a = await signUp(db.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, TODAY);
    ana = (await createApiToken(db.store, a.id, 'test', TODAY)).token;
    const b = await signUp(db.store, { email: 'ben@example.org', password: 'ben password', displayName: 'Ben' }, TODAY);
    ben = (await createApiToken(db.store, b.id, 'test', TODAY)).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const recommend = async (body: unknown) => {
    const res = await app.inject({ method: 'POST', url: '/api/recommendations', payload: body as object });
    return { status: res.statusCode, json: () => res.json(), headers: res.headers };
  };
  const call = async (token: string | null, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, json: () => res.json(), headers: res.headers };
  };
  const ids = (items: Item[]) => items.map((item) => item.paper.id);

  it('ranks the window’s papers for the given library, each as a daily item with its reason in words', async () => {
    const answer = await recommend({ positivePaperIds: libraryIds, ...WINDOW, limit: 10 });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-unknown-paper-ids']).toBeUndefined();
    const items = answer.json() as Item[];
    // The two papers on the library's topics first; the paper by the library's most frequent author next.
    expect(ids(items).slice(0, 3)).toEqual(['2602.00301', '2602.00302', '2602.00303']);
    expect(items[0]).toMatchObject({
      title: 'Sparse Attention and Expert Routing for Million Token Contexts',
      paper: { id: '2602.00301' },
    });
    expect(items.map((item) => [item.paper.id, item.reason]).slice(0, 3)).toEqual([
      ['2602.00301', 'like “Expert Routing Under Memory Budgets”, one of your papers'],
      ['2602.00302', 'like “State Space Models Meet Long Context”, one of your papers'],
      ['2602.00303', 'by Ana Lima, an author of 2 of your papers'],
    ]);
    // Never a paper of the library itself, never one outside the window.
    expect(ids(items).every((id) => id.startsWith('2602.'))).toBe(true);
    expect((await recommend({ positivePaperIds: libraryIds, ...WINDOW, limit: 1 })).json()).toHaveLength(1);
  });

  it('leaves out papers marked not interested and lowers papers like them', async () => {
    const liked = [...libraryIds, SPEECH_OLD.id];
    const before = ids((await recommend({ positivePaperIds: liked, ...WINDOW })).json());
    expect(before).toContain('2602.00305');
    const after = ids((await recommend({ positivePaperIds: liked, negativePaperIds: ['2602.00305'], ...WINDOW })).json());
    expect(after).not.toContain('2602.00305');
    // The other speech paper falls below the paper that only shares an author with the library.
    expect(before.indexOf('2602.00304')).toBeLessThan(before.indexOf('2602.00303'));
    expect(after.indexOf('2602.00304')).toBeGreaterThan(after.indexOf('2602.00303'));
  });

  it('ignores unknown ids and lists them back; refuses a list with no known paper', async () => {
    const answer = await recommend({
      positivePaperIds: [...libraryIds, '2609.99999', 'not-an-id'],
      negativePaperIds: ['2609.88888'],
      ...WINDOW,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-unknown-paper-ids']).toBe('2609.99999,not-an-id,2609.88888');
    expect(ids(answer.json()).slice(0, 2)).toEqual(['2602.00301', '2602.00302']);
    const none = await recommend({ positivePaperIds: ['2609.99999'], ...WINDOW });
    expect(none.status).toBe(404);
    expect(none.json()).toEqual({ error: 'None of positivePaperIds is a paper here: 2609.99999' });
  });

  it('counts duplicate ids once, in any form', async () => {
    const once = (await recommend({ positivePaperIds: [LIBRARY[0]!.id], ...WINDOW })).json();
    const repeated = await recommend({
      positivePaperIds: [LIBRARY[0]!.id, LIBRARY[0]!.id, `https://arxiv.org/abs/${LIBRARY[0]!.id}v3`],
      ...WINDOW,
    });
    expect(repeated.status).toBe(200);
    expect(repeated.json()).toEqual(once);
  });

  it('refuses bad input with a message naming it', async () => {
    const refusals: [unknown, string][] = [
      [{ ...WINDOW }, 'positivePaperIds is required: a list of the arXiv ids of papers the reader likes'],
      [{ positivePaperIds: [] }, 'positivePaperIds is empty: name at least one paper the reader likes'],
      [
        { positivePaperIds: Array.from({ length: 10_000 }, (_, i) => `2601.${String(i).padStart(5, '0')}`) },
        'positivePaperIds names more than 500 papers: send at most 500 (the most telling ones)',
      ],
      [
        { positivePaperIds: libraryIds, negativePaperIds: Array.from({ length: 501 }, (_, i) => `2601.${i}`) },
        'negativePaperIds names more than 500 papers: send at most 500 (the most telling ones)',
      ],
      [{ positivePaperIds: [{ id: '2601.00101' }] }, 'positivePaperIds must be a list of arXiv ids (strings)'],
      [{ positivePaperIds: libraryIds, limit: 0 }, 'Invalid limit: parameter limit must be a whole number from 1 to 500'],
      [{ positivePaperIds: libraryIds, limit: 501 }, 'Invalid limit: parameter limit must be a whole number from 1 to 500'],
      [{ positivePaperIds: libraryIds, from: '2026-02-30' }, 'Invalid from: parameter from must be a date, YYYY-MM-DD'],
      [{ positivePaperIds: libraryIds, to: 'yesterday' }, 'Invalid to: parameter to must be a date, YYYY-MM-DD'],
      [
        { positivePaperIds: libraryIds, from: '2026-02-10', to: '2026-02-01' },
        'from (2026-02-10) is after to (2026-02-01): no day is in that range',
      ],
    ];
    for (const [body, error] of refusals) {
      const answer = await recommend(body);
      expect({ body, status: answer.status, json: answer.json() }).toEqual({ body, status: 400, json: { error } });
    }
  });

  it('gives members their own recommendations from their library and upvotes; anonymous gets 401', async () => {
    expect((await call(null, 'GET', '/api/me/recommendations')).status).toBe(401);
    expect((await call(null, 'GET', '/api/me/recommendations')).json()).toEqual({
      error: 'log in first, or send Authorization: Bearer <token>',
    });
    for (const id of libraryIds) expect((await call(ana, 'POST', '/api/me/library', { paperId: id })).status).toBe(200);
    expect((await call(ben, 'POST', `/api/papers/${SPEECH_OLD.id}/upvote`)).status).toBe(200);

    const anas = await call(ana, 'GET', '/api/me/recommendations?limit=3');
    expect(anas.headers['cache-control']).toBe('no-store');
    expect((anas.json() as Item[]).map((item) => [item.paper.id, item.reason])).toEqual([
      ['2602.00301', 'like “Expert Routing Under Memory Budgets” you saved'],
      ['2602.00302', 'like “State Space Models Meet Long Context” you saved'],
      ['2602.00303', 'by Ana Lima, an author of 2 of your papers'],
    ]);
    // Ben upvoted a speech paper and saved nothing: his list is speech, and says nothing of Ana's library.
    const bens = (await call(ben, 'GET', '/api/me/recommendations')).json() as Item[];
    expect(ids(bens).slice(0, 2).sort()).toEqual(['2602.00304', '2602.00305']);
    expect(bens.every((item) => !item.reason.includes('you saved'))).toBe(true);
    expect((await call(ben, 'GET', '/api/me/recommendations?from=2026-03-01&to=2026-02-01')).status).toBe(400);
  });

  it('hears the member’s feedback: “not interested” leaves their list, a followed author rises with that reason', async () => {
    // Ana's library was saved by the test before.
    expect((await call(ana, 'GET', '/api/me/recommendations')).json().map((item: Item) => item.paper.id)).toContain('2602.00301');
    const mark = await app.inject({
      method: 'PUT',
      url: '/api/me/feedback/2602.00301',
      payload: { kind: 'less' },
      headers: { authorization: `Bearer ${ana}` },
    });
    expect(mark.statusCode).toBe(200);
    expect((await call(ana, 'POST', '/api/me/follows', { author: 'Rosa Diaz' })).status).toBe(200);
    const items = (await call(ana, 'GET', '/api/me/recommendations')).json() as Item[];
    expect(ids(items)).not.toContain('2602.00301');
    expect(items.find((item) => item.paper.id === '2602.00306')?.reason).toBe('by Rosa Diaz, whom you follow');
  });

  it('shows a visitor what the page is, a new member the first-run picks, and then the member’s papers with reasons', async () => {
    const visitor = await new Browser(app).get('/papers/for-you');
    expect(visitor.status).toBe(200);
    expect(visitor.body).toContain('<a href="/login?next=%2Fpapers%2Ffor-you">Log in</a>');

    await signUp(db.store, { email: 'cleo@example.org', password: 'cleo password', displayName: 'Cleo' }, TODAY);
    const cleo = new Browser(app);
    await cleo.logIn('cleo@example.org', 'cleo password');
    const start = await cleo.get('/papers/for-you');
    expect(start.body).toContain('Papers for you: pick a few to start');
    expect(start.body).toContain('<form method="post" action="/papers/for-you/start">');
    expect(start.body).toContain(`<input type="checkbox" name="paperId" value="${LIBRARY[0]!.id}"/>`);
    expect(start.body).toContain('<a href="/library">import your library</a>');

    const form = new URLSearchParams({ _csrf: cleo.csrf });
    for (const id of libraryIds) form.append('paperId', id);
    const saved = await cleo.request('POST', '/papers/for-you/start', form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/papers/for-you');
    const page = await cleo.get('/papers/for-you');
    expect(page.body).toContain('<h1>Papers for you</h1>');
    expect(page.body).toContain('<span class="reason">Why: like “Expert Routing Under Memory Budgets” you saved</span>');
    expect(page.body.indexOf('2602.00301')).toBeLessThan(page.body.indexOf('2602.00303'));
  });

  it('describes both routes in /openapi.json', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/api/recommendations'].post.operationId).toBe('recommendPapers');
    expect(doc.paths['/api/me/recommendations'].get.operationId).toBe('myRecommendations');
  });
});
