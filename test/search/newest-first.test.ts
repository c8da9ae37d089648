/**
 * Without a usable snapshot, search answers at once from an index of the newest papers, each
 * answer marked partial (indexing), while the whole archive is indexed in the background; once
 * that lands, answers are those of a fresh full build, changes made meanwhile included, and its
 * snapshot is written. The full build is held at its first page by a gate the test opens, so a
 * search that waited for it could not answer at all.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { SearchIndex, searchPapers, SNAPSHOT_FILE, type SearchQuery } from '../../src/search/index.ts';
import type { KeywordIndex } from '../../src/search/keyword-index.ts';
import { Gate } from '../support/gate.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { explain, lighthouse, molecules, NOW, retrieval, routing, seedSearchCorpus, survey } from './fixtures.ts';

/** Holds the full build's page reads while a gate is set; counts the reads that went through. */
const fullBuild = vi.hoisted(() => ({ gate: null as Gate | null, pagesRead: 0 }));
vi.mock('../../src/store/search.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/store/search.ts')>();
  return {
    ...actual,
    listSearchDocs: async (...args: Parameters<typeof actual.listSearchDocs>) => {
      const read = () => actual.listSearchDocs(...args);
      const rows = await (fullBuild.gate ? fullBuild.gate.hold(read) : read());
      fullBuild.pagesRead++;
      return rows;
    },
  };
});

/** The corpus's six visible papers, newest first: molecules, survey, explain | retrieval, routing, quantum. */
const NEWEST = 3;

const QUERIES: SearchQuery[] = [
  { q: 'routing', limit: 20 },
  { q: 'language models', limit: 20 },
  { q: '"dense retrieval"', limit: 20 },
  { q: 'author:Lima', limit: 20 },
  { q: 'lighthouse', limit: 20 },
  { q: 'models', limit: 20, sort: 'date' },
];

interface LogLine {
  msg: string;
  papers?: number;
}

describe.each(DIALECTS)('search while the whole archive is first indexed, on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  let logged: LogLine[];
  let index: SearchIndex;

  beforeEach(async () => {
    store = await openTestStore(dialect);
    await seedSearchCorpus(store);
    dir = mkdtempSync(join(tmpdir(), 'dp-newest-first-'));
    logged = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line) as LogLine) });
    index = new SearchIndex(store, { logger, snapshotFile: join(dir, SNAPSHOT_FILE), newestFirstPapers: NEWEST });
    fullBuild.gate = new Gate();
    fullBuild.pagesRead = 0;
  });
  afterEach(async () => {
    fullBuild.gate?.releaseAll();
    fullBuild.gate = null;
    await index.close();
    await store.close();
  });

  const ids = (result: { items: { paper: { id: string } }[] }) => result.items.map((hit) => hit.paper.id);

  it('answers from the newest papers, marked partial, before the full build finishes; then from every paper', async () => {
    const gate = fullBuild.gate!;
    const during = await searchPapers(index, { q: 'language models', limit: 20 });
    // Answered while the full build waits at its first page: it did not wait for that build.
    expect(gate.pending).toBe(1);
    expect(index.ready).toBe(true);
    expect(during).toMatchObject({ partial: true, indexing: true });
    expect(ids(during).sort()).toEqual([explain.id, survey.id].sort());
    // Older papers are not in it yet.
    expect(ids(await searchPapers(index, { q: 'routing', limit: 20 }))).toEqual([]);
    expect(logged.map((line) => line.msg)).toEqual([
      'rebuilding the search index: its snapshot cannot be used (there is no snapshot)',
      'search answers from the newest papers while every paper is indexed',
    ]);
    expect(logged[1]!.papers).toBe(NEWEST);

    // Changes during the full build: a paper added, one hidden. The newest papers' index takes them at once.
    await savePapers(store, [lighthouse], { feedCategories: [], now: NOW });
    await sql`UPDATE papers SET hidden_at = ${NOW.toISOString()} WHERE id = ${survey.id}`.execute(store.db);
    expect(ids(await searchPapers(index, { q: 'lighthouse', limit: 20 }))).toEqual([lighthouse.id]);
    expect(ids(await searchPapers(index, { q: 'survey', limit: 20 }))).toEqual([]);
    expect(gate.pending).toBe(1);
    // Scheduled work (a digest) that must not miss older papers waits for every paper instead.
    let whole: KeywordIndex | null = null;
    const waiting = index.everyPaper().then((built) => (whole = built));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(whole).toBeNull();

    fullBuild.gate = null;
    gate.releaseAll();
    await waiting;
    expect(index.holdsNewestOnly(whole!)).toBe(false);
    expect(whole!.liveCount).toBe(6);
    const result = await searchPapers(index, { q: 'routing', limit: 20 });
    expect(result).toMatchObject({ partial: false, indexing: false });
    expect(ids(result).sort()).toEqual([routing.id, retrieval.id, lighthouse.id].sort());
    expect(ids(await searchPapers(index, { q: 'survey', limit: 20 }))).toEqual([]);
    expect(fullBuild.pagesRead).toBe(1);

    // Exactly the answers of a full build made now.
    const fresh = new SearchIndex(store, { logger: pino({ level: 'silent' }) });
    for (const query of QUERIES) {
      expect(await searchPapers(index, query), query.q).toStrictEqual(await searchPapers(fresh, query));
    }
    await fresh.close();

    // Its snapshot, of every paper, is what the next start loads.
    await vi.waitFor(() => expect(logged.map((line) => line.msg)).toContain('search index snapshot written'));
    const written = logged.find((line) => line.msg === 'search index snapshot written')!;
    expect(written.papers).toBe(6);
    const next = new SearchIndex(store, { logger: pino({ level: 'silent' }), snapshotFile: join(dir, SNAPSHOT_FILE) });
    expect(ids(await searchPapers(next, { q: 'author:Lima', limit: 20 })).sort()).toEqual([molecules.id, routing.id].sort());
    await next.close();
  });

  it('never writes the newest papers alone as the snapshot, even on a shutdown before the full build lands', async () => {
    const gate = fullBuild.gate!;
    expect(await searchPapers(index, { q: 'language models', limit: 20 })).toMatchObject({ indexing: true });
    await index.close();
    expect(existsSync(join(dir, SNAPSHOT_FILE))).toBe(false);
    // The build then finishes with nothing to serve: it is dropped, not written.
    fullBuild.gate = null;
    gate.releaseAll();
    await vi.waitFor(() => expect(fullBuild.pagesRead).toBe(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(existsSync(join(dir, SNAPSHOT_FILE))).toBe(false);
    expect(logged.map((line) => line.msg)).not.toContain('search index snapshot written');
  });
});
