/**
 * Recommendations ranked by meaning too, on both stores: paper vectors from the test embedding
 * server (its "model" counts topic words) stored as `dailypapers embed` stores them, then read
 * by the recommender without a call to the model.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { forYouSection } from '../../src/jobs/digest-for-you.ts';
import { savePapers as saveToLibrary } from '../../src/library/library.ts';
import { type RecommendationRequest, recommendPapers } from '../../src/recommend/recommend.ts';
import { signUp } from '../../src/social/accounts.ts';
import { embedMissingPapers, openAiEmbedder, type SemanticSearch } from '../../src/search/index.ts';
import { DIMENSIONS, type EmbeddingServer, startEmbeddingServer } from '../search/embedding-server.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { testConfig } from '../web/fixtures.ts';
import { LIBRARY, RECOMMEND_CORPUS, WINDOW } from './recommend-fixtures.ts';

const TODAY = new Date('2026-02-20T08:00:00.000Z');

/**
 * On the library's topic (expert routing) without one of its words: "routers" and "expertise"
 * are other terms than "routing" and "expert" to the keyword index, the same topic to the model.
 */
const ROUTERS = paperRecord({
  id: '2602.00307',
  title: 'Learned Routers Dispatch Inputs by Expertise',
  abstract: 'Routers dispatch each input according to expertise.',
  authors: ['Iris Wong'],
  categories: ['cs.NE'],
  publishedAt: '2026-02-09T12:00:00.000Z',
  sourceUpvotes: 7,
});

const request = (overrides: Partial<RecommendationRequest> = {}): RecommendationRequest => ({
  positives: LIBRARY.map((p) => ({ paperId: p.id, source: 'saved' as const })),
  negatives: [],
  ...WINDOW,
  limit: 20,
  today: '2026-02-20',
  ...overrides,
});

describe.each(DIALECTS)('recommendations by meaning on %s', (dialect) => {
  const db = useTestStore(dialect, (store) =>
    savePapers(store, [...RECOMMEND_CORPUS, ROUTERS], { feedCategories: [], now: TODAY }),
  );
  let server: EmbeddingServer;
  let semantic: SemanticSearch;

  beforeAll(async () => {
    server = await startEmbeddingServer();
    semantic = {
      embedder: openAiEmbedder({ baseUrl: server.url, model: 'topics-7', dimensions: DIMENSIONS }),
      vectorRefreshMs: 0,
    };
    await embedMissingPapers(db.store, semantic.embedder);
  });
  afterAll(async () => {
    await server.close();
  });

  const ranked = async (overrides: Partial<RecommendationRequest> = {}, withMeaning = true) =>
    (await recommendPapers(db.searchIndex, request(overrides), { semantic: withMeaning ? semantic : null })).items.map((item) => [
      item.paper.id,
      item.reason,
    ]);

  it('recommends a paper that shares no word with the library but is closest in meaning, saying so', async () => {
    expect((await ranked({}, false)).map(([id]) => id)).not.toContain(ROUTERS.id);
    const requestsBefore = server.requests.length;
    expect(await ranked()).toEqual([
      ['2602.00301', 'close in meaning to “Mixture of Experts Routing for Long Context Language Models” you saved'],
      // A library author's paper stays above papers that only meaning brings in.
      ['2602.00303', 'by Ana Lima, an author of 2 of your papers'],
      // Close by words, not by the test model's topics: meaning takes its share of the neighbour part.
      ['2602.00302', 'like “State Space Models Meet Long Context” you saved'],
      [ROUTERS.id, 'close in meaning to “Expert Routing Under Memory Budgets” you saved'],
    ]);
    // The stored vectors are read; the model is never asked.
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('lowers a paper close in meaning to one marked not interested', async () => {
    // A followed category brings in papers that rank below ROUTERS...
    const followed = { followedCategories: ['eess.AS'] };
    const speech = [
      ['2602.00304', 'in eess.AS, which you follow'],
      ['2602.00305', 'in eess.AS, which you follow'],
    ];
    expect((await ranked(followed)).slice(-3)).toEqual([
      [ROUTERS.id, 'close in meaning to “Expert Routing Under Memory Budgets” you saved'],
      ...speech,
    ]);
    // ...and above it once the paper it is closest to in meaning (sharing no word with it) is not interested.
    expect((await ranked({ ...followed, negatives: ['2602.00301'] })).slice(-3)).toEqual([
      ...speech,
      [ROUTERS.id, 'close in meaning to “Expert Routing Under Memory Budgets” you saved'],
    ]);
  });

  it('ranks exactly as by keywords alone without an embedding model', async () => {
    const alone = await recommendPapers(db.searchIndex, request());
    expect(JSON.stringify(await recommendPapers(db.searchIndex, request(), { semantic: null }))).toBe(JSON.stringify(alone));
    // As recommend-api.test.ts has it: the corpus's new paper on the library's topic in other words is not there.
    expect(alone.items.map((item) => [item.paper.id, item.reason])).toEqual([
      ['2602.00301', 'like “Expert Routing Under Memory Budgets” you saved'],
      ['2602.00302', 'like “State Space Models Meet Long Context” you saved'],
      ['2602.00303', 'by Ana Lima, an author of 2 of your papers'],
    ]);
  });

  it('answers POST /api/recommendations by meaning too when the server has an embedding model', async () => {
    const app: FastifyInstance = await buildTestServer({
      config: testConfig(),
      store: db.store,
      searchIndex: db.searchIndex,
      semantic,
      now: () => TODAY,
    });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/recommendations',
        payload: { positivePaperIds: LIBRARY.map((p) => p.id), ...WINDOW, limit: 20 },
      });
      expect(res.statusCode).toBe(200);
      expect((res.json() as { paper: { id: string }; reason: string }[]).map((item) => [item.paper.id, item.reason])).toEqual([
        ['2602.00301', 'close in meaning to “Mixture of Experts Routing for Long Context Language Models”, one of your papers'],
        ['2602.00303', 'by Ana Lima, an author of 2 of your papers'],
        ['2602.00302', 'like “State Space Models Meet Long Context”, one of your papers'],
        [ROUTERS.id, 'close in meaning to “Expert Routing Under Memory Budgets”, one of your papers'],
      ]);
    } finally {
      await app.close();
    }
  });

  it('ranks the digest’s For you section by meaning too when the jobs have an embedding model', async () => {
    const member = await signUp(db.store, { email: 'iris@example.org', password: 'a password', displayName: 'Iris' }, TODAY);
    await saveToLibrary(
      db.store,
      member,
      LIBRARY.map((p) => p.id),
      TODAY,
    );
    // The day ROUTERS was published (and the day before): by words, nothing of it is for this member.
    const covered = { from: '2026-02-09', to: '2026-02-09' };
    expect(await forYouSection(db.searchIndex, member.id, covered, [])).toEqual([]);
    const section = await forYouSection(db.searchIndex, member.id, covered, [], semantic);
    expect(section.map((item) => [item.paper.id, item.reason])).toEqual([
      [ROUTERS.id, 'close in meaning to “Expert Routing Under Memory Budgets” you saved'],
    ]);
  });

  it('falls back to keywords alone when no library paper has a vector', async () => {
    const libraryDocs = db.store.db
      .selectFrom('papers')
      .select('doc_id')
      .where(
        'id',
        'in',
        LIBRARY.map((p) => p.id),
      );
    await db.store.db.deleteFrom('paper_vectors').where('doc_id', 'in', libraryDocs).execute();
    expect(await ranked()).toEqual(await ranked({}, false));
    expect((await ranked()).map(([id]) => id)).toEqual(['2602.00301', '2602.00302', '2602.00303']);
  });
});
