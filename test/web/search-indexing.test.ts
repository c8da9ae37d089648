/**
 * What a reader and an API client see while the archive is first indexed (no snapshot): the
 * service is ready, search answers from the newest papers and says the archive is still being
 * indexed (a note on the page, `X-Search-Partial` and `X-Search-Indexing` from the API); so do
 * similar papers, topics, saved filters and recommendations (a note on their pages,
 * `X-Search-Indexing` from their API routes); once the full build lands, none of them. The full
 * build is held by a gate the test opens.
 */
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { forYouSection } from '../../src/jobs/digest-for-you.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { Gate } from '../support/gate.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { Browser } from './community-fixtures.ts';
import { graphs, NOW, routing, saveFixtures, testConfig, THREE_DAYS } from './fixtures.ts';

const fullBuild = vi.hoisted(() => ({ gate: null as Gate | null }));
vi.mock('../../src/store/search.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/store/search.ts')>();
  return {
    ...actual,
    listSearchDocs: (...args: Parameters<typeof actual.listSearchDocs>) => {
      const read = () => actual.listSearchDocs(...args);
      return fullBuild.gate ? fullBuild.gate.hold(read) : read();
    },
  };
});

const INDEXING_NOTE = 'The archive is still being indexed';

describe.each(DIALECTS)('search while the archive is first indexed, on %s', (dialect) => {
  const db = useTestStore(dialect, (store) => saveFixtures(store, THREE_DAYS));
  let app: FastifyInstance;
  let gate: Gate;
  beforeAll(async () => {
    gate = fullBuild.gate = new Gate();
    // The three newest papers (published on 2026-02-28, routing among them) answer first; graphs (02-24) is older.
    const searchIndex = new SearchIndex(db.store, { logger: pino({ level: 'silent' }), newestFirstPapers: 3 });
    app = await buildTestServer({ config: testConfig(), store: db.store, searchIndex });
  });
  afterAll(async () => {
    fullBuild.gate = null;
    gate.releaseAll();
    await app?.close();
  });

  const get = (url: string) => app.inject({ url });
  const ids = (body: { paper: { id: string } }[]) => body.map((item) => item.paper.id);

  it('is ready and answers from the newest papers, saying so, until the full build lands; then from every paper', async () => {
    const routingSearch = await get('/api/papers/search?q=routing');
    expect(routingSearch.headers).toMatchObject({ 'x-search-partial': 'true', 'x-search-indexing': 'true' });
    expect(ids(routingSearch.json())).toEqual([routing.id]);
    expect(ids((await get('/api/papers/search?q=graphs')).json())).toEqual([]);
    expect(gate.pending).toBe(1);
    expect((await get('/readyz')).statusCode).toBe(200);
    expect((await get('/papers?q=routing')).body).toContain(INDEXING_NOTE);

    fullBuild.gate = null;
    gate.releaseAll();
    let graphsSearch = await get('/api/papers/search?q=graphs');
    for (let turn = 0; turn < 1_000 && graphsSearch.headers['x-search-indexing']; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      graphsSearch = await get('/api/papers/search?q=graphs');
    }
    expect(graphsSearch.headers).not.toHaveProperty('x-search-indexing');
    expect(graphsSearch.headers).not.toHaveProperty('x-search-partial');
    expect(ids(graphsSearch.json())).toEqual([graphs.id]);
    expect((await get('/papers?q=routing')).body).not.toContain(INDEXING_NOTE);
  });
});

/** An archive paper (on no feed) by one author, published at noon on `publishedAt`. */
const paper = (id: string, publishedAt: string, title: string, abstract: string) =>
  paperRecord({ id, title, abstract, authors: ['Ana Lima'], categories: ['cs.LG'], publishedAt: `${publishedAt}T12:00:00.000Z` });

/** Older than the three newest papers: only the whole archive's index holds it. */
const oldRouting = paper(
  '2601.00001',
  '2026-01-12',
  'Expert Routing Under Memory Budgets',
  'Sparse expert routing keeps long context inference cheap.',
);
const newRouting = paper(
  '2602.00010',
  '2026-02-26',
  'Sparse Expert Routing at Scale',
  'Sparse expert routing scales long context models.',
);
const NEWEST = [
  newRouting,
  paper('2602.00020', '2026-02-27', 'Streaming Speech Recognition', 'A transducer for noisy audio.'),
  paper('2602.00030', '2026-02-28', 'Graph Networks for Molecules', 'Message passing over atoms and bonds.'),
];

const NOTES = {
  similar:
    'The archive is still being indexed: similar papers were looked for among its newest papers only. Older similar papers appear once indexing finishes, within minutes.',
  topics:
    'The archive is still being indexed: these counts cover its newest papers only. The full counts appear once indexing finishes, within minutes.',
  filter:
    'The archive is still being indexed: this filter matched its newest papers only. Older matches appear once indexing finishes, within minutes.',
  forYou:
    'The archive is still being indexed: these recommendations were chosen from its newest papers only. Others appear once indexing finishes, within minutes.',
};

describe.each(DIALECTS)(
  'similar papers, topics, filters and recommendations while the archive is first indexed, on %s',
  (dialect) => {
    const db = useTestStore(dialect, (store) => savePapers(store, [oldRouting, ...NEWEST], { feedCategories: [], now: NOW }));
    const ANA = { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' };
    let token = '';
    let filterId = 0;
    let anaId = 0;
    beforeAll(async () => {
      const ana = await signUp(db.store, ANA, NOW);
      anaId = ana.id;
      token = (await createApiToken(db.store, ana.id, 'test', NOW)).token;
      const setUp = await buildTestServer({ config: testConfig(), store: db.store, searchIndex: db.searchIndex, now: () => NOW });
      const call = (url: string, payload: object) =>
        setUp.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
      // Her taste: the old routing paper saved, an author followed (enough for her page to rank papers).
      expect((await call('/api/me/library', { paperId: oldRouting.id })).statusCode).toBe(200);
      expect((await call('/api/me/follows', { author: 'Ana Lima' })).statusCode).toBe(200);
      const filter = await call('/api/me/filters', { name: 'Routing', query: 'routing', scope: 'archive', public: true });
      filterId = (filter.json() as { id: number }).id;
      await setUp.close();
    });

    // Each test starts a server whose index answers from the three newest papers, the whole archive held back.
    let gate: Gate;
    let searchIndex: SearchIndex;
    let app: FastifyInstance;
    beforeEach(async () => {
      gate = fullBuild.gate = new Gate();
      searchIndex = new SearchIndex(db.store, { logger: pino({ level: 'silent' }), newestFirstPapers: NEWEST.length });
      app = await buildTestServer({
        config: testConfig(),
        store: db.store,
        searchIndex,
        now: () => NOW,
        responseCacheSeconds: 0,
      });
    });
    afterEach(async () => {
      fullBuild.gate = null;
      gate.releaseAll();
      await app.close();
    });

    /** Lets the whole archive's build through and waits until its index answers. */
    const wholeArchiveIndexed = async () => {
      expect(gate.pending).toBe(1);
      fullBuild.gate = null;
      gate.releaseAll();
      expect(searchIndex.holdsNewestOnly(await searchIndex.everyPaper())).toBe(false);
    };
    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
    const asAna = () => ({ authorization: `Bearer ${token}` });
    const ids = (body: { id?: string; paper?: { id: string } }[]) => body.map((item) => item.paper?.id ?? item.id);
    const routingWeeks = async () => {
      const csv = await get('/papers/topics.csv?terms=routing&from=2026-01&to=2026-02');
      const total = csv.body
        .trim()
        .split('\r\n')
        .slice(1)
        .reduce((sum, row) => sum + Number(row.split(',')[1]), 0);
      return { status: csv.statusCode, indexing: csv.headers['x-search-indexing'], total };
    };

    it('similar papers: the paper page notes it and the API says so, until the whole archive is indexed', async () => {
      const page = await get(`/papers/${newRouting.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(NOTES.similar);
      expect(page.body).not.toContain(`/papers/${oldRouting.id}"`);
      const api = await get(`/api/papers/${newRouting.id}/similar`);
      expect([api.statusCode, api.headers['x-search-indexing'], ids(api.json())]).toEqual([200, 'true', []]);

      await wholeArchiveIndexed();
      const after = await get(`/papers/${newRouting.id}`);
      expect(after.body).not.toContain(INDEXING_NOTE);
      expect(after.body).toContain(`<a href="/papers/${oldRouting.id}">${oldRouting.title}</a>`);
      const apiAfter = await get(`/api/papers/${newRouting.id}/similar`);
      expect([apiAfter.statusCode, apiAfter.headers['x-search-indexing'], ids(apiAfter.json())]).toEqual([
        200,
        undefined,
        [oldRouting.id],
      ]);
    });

    it('topics: the page notes it and its CSV says so, until the whole archive is indexed', async () => {
      const page = await get('/papers/topics?terms=routing&from=2026-01&to=2026-02');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(NOTES.topics);
      expect(await routingWeeks()).toEqual({ status: 200, indexing: 'true', total: 1 });

      await wholeArchiveIndexed();
      expect((await get('/papers/topics?terms=routing&from=2026-01&to=2026-02')).body).not.toContain(INDEXING_NOTE);
      expect(await routingWeeks()).toEqual({ status: 200, indexing: undefined, total: 2 });
    });

    it('a saved filter: its page notes it and its API says so, until the whole archive is indexed', async () => {
      const page = await get(`/filters/${filterId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(NOTES.filter);
      const api = await get(`/api/me/filters/${filterId}/papers`, asAna());
      expect([api.statusCode, api.headers['x-search-indexing'], ids(api.json())]).toEqual([200, 'true', [newRouting.id]]);

      await wholeArchiveIndexed();
      expect((await get(`/filters/${filterId}`)).body).not.toContain(INDEXING_NOTE);
      const after = await get(`/api/me/filters/${filterId}/papers`, asAna());
      expect([after.statusCode, after.headers['x-search-indexing'], ids(after.json())]).toEqual([
        200,
        undefined,
        [newRouting.id, oldRouting.id],
      ]);
    });

    it('recommendations: the page for you notes it and both APIs say so, until the whole archive is indexed', async () => {
      const browser = new Browser(app);
      await browser.logIn(ANA.email, ANA.password);
      const recommend = () =>
        app.inject({ method: 'POST', url: '/api/recommendations', payload: { positivePaperIds: [oldRouting.id] } });
      const page = await browser.get('/papers/for-you');
      expect(page.status).toBe(200);
      expect(page.body).toContain(NOTES.forYou);
      expect(page.body).toContain(newRouting.title);
      const stateless = await recommend();
      expect([stateless.statusCode, stateless.headers['x-search-indexing']]).toEqual([200, 'true']);
      expect(stateless.headers['access-control-expose-headers']).toBe('x-unknown-paper-ids, x-search-indexing');
      expect(ids(stateless.json())[0]).toBe(newRouting.id);
      const mine = await get('/api/me/recommendations', asAna());
      expect([mine.statusCode, mine.headers['x-search-indexing']]).toEqual([200, 'true']);

      await wholeArchiveIndexed();
      const after = await browser.get('/papers/for-you');
      expect(after.body).not.toContain(INDEXING_NOTE);
      expect(after.body).toContain(newRouting.title);
      const statelessAfter = await recommend();
      expect([statelessAfter.statusCode, statelessAfter.headers['x-search-indexing']]).toEqual([200, undefined]);
      const mineAfter = await get('/api/me/recommendations', asAna());
      expect([mineAfter.statusCode, mineAfter.headers['x-search-indexing']]).toEqual([200, undefined]);
    });

    it('lets another site’s script read them: each answer that may carry them lists them in Access-Control-Expose-Headers', async () => {
      const elsewhere = { origin: 'https://elsewhere.example' };
      const answers = {
        search: await get('/api/papers/search?q=routing', elsewhere),
        similar: await get(`/api/papers/${newRouting.id}/similar`, elsewhere),
        topics: await get('/papers/topics.csv?terms=routing&from=2026-01&to=2026-02', elsewhere),
        filter: await get(`/api/me/filters/${filterId}/papers`, { ...elsewhere, ...asAna() }),
        recommend: await app.inject({
          method: 'POST',
          url: '/api/recommendations',
          payload: { positivePaperIds: [oldRouting.id, '2601.99999'] },
          headers: elsewhere,
        }),
        mine: await get('/api/me/recommendations', { ...elsewhere, ...asAna() }),
      };
      const seen = (res: (typeof answers)['search']) => ({
        status: res.statusCode,
        sent: ['x-search-partial', 'x-search-indexing', 'x-unknown-paper-ids'].filter((name) => name in res.headers),
        exposed: res.headers['access-control-expose-headers'],
        origin: res.headers['access-control-allow-origin'],
      });
      expect(Object.fromEntries(Object.entries(answers).map(([route, res]) => [route, seen(res)]))).toEqual({
        search: {
          status: 200,
          sent: ['x-search-partial', 'x-search-indexing'],
          exposed: 'x-search-partial, x-search-indexing',
          origin: '*',
        },
        similar: { status: 200, sent: ['x-search-indexing'], exposed: 'x-search-indexing', origin: '*' },
        // Neither the CSV nor a member's own answers are open to other sites; what they may carry is listed all the same.
        topics: { status: 200, sent: ['x-search-indexing'], exposed: 'x-search-indexing', origin: undefined },
        filter: { status: 200, sent: ['x-search-indexing'], exposed: 'x-search-indexing', origin: undefined },
        recommend: {
          status: 200,
          sent: ['x-search-indexing', 'x-unknown-paper-ids'],
          exposed: 'x-unknown-paper-ids, x-search-indexing',
          origin: '*',
        },
        mine: { status: 200, sent: ['x-search-indexing'], exposed: 'x-search-indexing', origin: undefined },
      });

      // Listed whether sent or not: a script's code reads the header the same way before and after indexing.
      await wholeArchiveIndexed();
      const after = await get('/api/papers/search?q=routing', elsewhere);
      expect(seen(after)).toEqual({ status: 200, sent: [], exposed: 'x-search-partial, x-search-indexing', origin: '*' });
      // A route that never sends them lists nothing.
      expect((await get('/api/daily_papers', elsewhere)).headers).not.toHaveProperty('access-control-expose-headers');
    });

    it('the digest’s For you section waits for the whole archive: it is sent once', async () => {
      expect(searchIndex.holdsNewestOnly(await searchIndex.current())).toBe(true);
      const covered = { from: '2026-02-26', to: '2026-02-28' };
      let section: Awaited<ReturnType<typeof forYouSection>> | null = null;
      const sending = forYouSection(searchIndex, anaId, covered, []).then((papers) => (section = papers));
      // The whole archive's build starts after a query of its own: on a busy machine, later than 50 turns.
      await vi.waitFor(() => expect(gate.pending).toBe(1));
      for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(section).toBeNull();

      await wholeArchiveIndexed();
      await sending;
      expect(section!.map((item) => item.paper.id)).toContain(newRouting.id);
      expect(section).toEqual(await forYouSection(searchIndex, anaId, covered, []));
    });
  },
);
