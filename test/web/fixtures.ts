/**
 * Papers for the web tests, written through the store's own savePapers: three feed days with
 * gaps between them (2026-02-25, 02-27, 03-02), a paper whose text is all markup, an old-style
 * id, Hugging Face entries with upvotes and a submitter, a corpus paper on no feed, and (for
 * pagination) a busy day with 55 entries.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { paperRecord, type PaperRecord } from '../../src/core/paper.ts';
import type { Store } from '../../src/db/connect.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import type { TestDialect, TestStore } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';

export const BASE_URL = 'http://papers.test';
export const NOW = new Date('2026-03-02T08:00:00.000Z');

export const SCRIPT_TITLE = '<script>alert(1)</script> Injected title';
export const SCRIPT_ABSTRACT = 'Before <script>alert("abstract")</script> after <img src=x onerror=alert(3)>.';
export const SCRIPT_AUTHOR = '<script>alert(2)</script>';

const hf = (day: string, rank: number, submittedBy: string | null = null) => ({ day, rank, submittedBy });

/** Most upvoted paper of 2026-03-02, submitted by a person, with code and a project page. */
export const routing = paperRecord({
  id: '2603.00010',
  version: 2,
  title: 'Sparse Routing for Long Contexts',
  abstract: `We study sparse routing. ${'Long contexts need careful routing of tokens between experts. '.repeat(12)}The end.`,
  authors: ['Ana Lima', 'Kenji Sato', 'Priya Nair', 'Omar Haddad', 'Wei Zhang'],
  categories: ['cs.CL', 'cs.LG'],
  publishedAt: '2026-02-28T17:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  comment: '12 pages, 4 figures',
  journalRef: 'Proc. ACL 2026',
  doi: '10.1000/xyz123',
  githubRepo: 'https://github.com/example/sparse-routing',
  projectPage: 'https://example.org/routing',
  sourceUpvotes: 42,
  feed: hf('2026-03-02', 1, 'akhaliq'),
});

export const rewards = paperRecord({
  id: '2603.00011',
  title: 'Reward Models That Explain Themselves',
  abstract: 'Reward models that explain their preferences.',
  authors: ['Lena Vogel'],
  categories: ['cs.LG'],
  publishedAt: '2026-02-28T18:00:00.000Z',
  sourceUpvotes: 7,
  feed: hf('2026-03-02', 2),
});

export const injected = paperRecord({
  id: '2603.00666',
  title: SCRIPT_TITLE,
  abstract: SCRIPT_ABSTRACT,
  authors: [SCRIPT_AUTHOR, 'Eve Example'],
  categories: ['cs.CR'],
  publishedAt: '2026-02-28T19:00:00.000Z',
  githubRepo: 'javascript:alert(4)',
  sourceUpvotes: 3,
  feed: hf('2026-03-02', 3),
});

/** Old-style id, placed by the feed rule for hep-th on its listing day. */
export const oldStyle = paperRecord({
  id: 'hep-th/9901001',
  version: 1,
  title: 'Strings on an Old-Style Identifier',
  abstract: 'An abstract from 1999.',
  authors: ['Old Author'],
  categories: ['hep-th'],
  publishedAt: '1999-01-01T12:00:00.000Z',
  listedOn: '2026-02-27',
});

export const figures = paperRecord({
  id: '2602.00020',
  title: 'Scientific Figure Question Answering',
  abstract: 'A benchmark for figures.',
  authors: ['Mia Chen', 'Tom Berg'],
  categories: ['cs.CV'],
  publishedAt: '2026-02-26T10:00:00.000Z',
  sourceUpvotes: 15,
  feed: hf('2026-02-27', 1),
});

export const graphs = paperRecord({
  id: '2602.00030',
  title: 'Graph Transformers at Scale',
  abstract: 'Graphs, at scale.',
  authors: ['Sam Reed'],
  categories: ['cs.LG'],
  publishedAt: '2026-02-24T10:00:00.000Z',
  sourceUpvotes: 1,
  feed: hf('2026-02-25', 1, 'akhaliq'),
});

/** A BEIR corpus document: its id is not an arXiv id, and it is on no feed. */
export const corpusDoc = paperRecord({ id: '4983', title: 'A Corpus Document', abstract: 'Text of a corpus document.' });

export const BUSY_DAY = '2026-01-15';
export const busyDay: PaperRecord[] = Array.from({ length: 55 }, (_, i) =>
  paperRecord({
    id: `2601.${String(10000 + i)}`,
    title: `Busy day paper ${i}`,
    abstract: `Abstract ${i}.`,
    authors: [`Author ${i}`],
    categories: ['cs.AI'],
    publishedAt: `2026-01-14T${String(i % 24).padStart(2, '0')}:00:00.000Z`,
    sourceUpvotes: 100 + i,
    feed: hf(BUSY_DAY, i + 1),
  }),
);

/** The three feed days the browser test uses. */
export const THREE_DAYS = [routing, rewards, injected, oldStyle, figures, graphs];

export async function saveFixtures(store: Store, records: PaperRecord[]): Promise<void> {
  await savePapers(store, records, { feedCategories: ['hep-th'], now: NOW });
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: '/tmp/dailypapers-web-test',
    SECRET: 'test',
    BASE_URL: BASE_URL,
    LOG_LEVEL: 'silent',
    // The live sources stay off unless a test turns them on (the server never fetches; pages show their status).
    HF_DAILY: 'off',
    ARXIV_CATEGORIES: 'none',
    ...overrides,
  });
}

export async function testServer(store: Store): Promise<FastifyInstance> {
  return buildTestServer({ config: testConfig(), store });
}

/**
 * A seeded database and the test server over it for a describe block (useTestStore's database,
 * the server built in beforeAll and closed before it). Read `app` and `store` inside hooks and tests.
 */
export function useTestApp(
  dialect: TestDialect,
  seed?: (store: TestStore) => Promise<unknown>,
): { readonly app: FastifyInstance; readonly store: TestStore } {
  const db = useTestStore(dialect, seed);
  let app: FastifyInstance | null = null;
  beforeAll(async () => {
    app = await testServer(db.store);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error('useTestApp: the server starts in beforeAll; read it inside a hook or test');
      return app;
    },
    get store() {
      return db.store;
    },
  };
}
