/**
 * What a reader and an API client see while the archive is first indexed (no snapshot): the
 * service is ready, search answers from the newest papers and says the archive is still being
 * indexed (a note on the page, `X-Search-Partial` and `X-Search-Indexing` from the API); once the
 * full build lands, neither. The full build is held by a gate the test opens.
 */
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SearchIndex } from '../../src/search/index.ts';
import { Gate } from '../support/gate.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { graphs, routing, saveFixtures, testConfig, THREE_DAYS } from './fixtures.ts';

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
