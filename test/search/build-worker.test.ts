/**
 * With a snapshot file and a store another process can open (a SQLite file, a PostgreSQL server),
 * the whole archive is indexed in a worker process: the newest papers answer meanwhile, the
 * worker's snapshot is moved into place and loaded, and its answers are those of a build on
 * the serving thread. A build process that fails leaves the newest papers answering; one stopped
 * by a shutdown is not reported as a failure and leaves no file behind.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseTarget } from '../../src/config/config.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { SearchIndex, searchPapers, SNAPSHOT_FILE, type SearchQuery } from '../../src/search/index.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { lighthouse, molecules, NOW, routing, seedSearchCorpus } from './fixtures.ts';

const QUERIES: SearchQuery[] = [
  { q: 'routing', limit: 20 },
  { q: 'language models', limit: 20 },
  { q: '"dense retrieval"', limit: 20 },
  { q: 'author:Lima', limit: 20 },
  { q: 'models', limit: 20, sort: 'date' },
  { q: 'lighthouse', limit: 20 },
];

interface LogLine {
  msg: string;
  papers?: number;
  abandoned?: string[];
  err?: { message: string };
}

describe.each(DIALECTS)('the whole archive indexed in a worker process, on %s', (dialect) => {
  let dir: string;
  let store: TestStore;
  let target: DatabaseTarget;
  let logged: LogLine[];
  const opened: SearchIndex[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dp-build-worker-'));
    const sqliteFile = join(dir, 'dailypapers.sqlite');
    store = await openTestStore(dialect, { sqliteFile });
    target = dialect === 'sqlite' ? { dialect, file: sqliteFile } : { dialect, url: store.url };
    await seedSearchCorpus(store);
    logged = [];
  });
  afterEach(async () => {
    for (const index of opened.splice(0)) await index.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (database: DatabaseTarget) => {
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line) as LogLine) });
    const index = new SearchIndex(store, { logger, snapshotFile: join(dir, SNAPSHOT_FILE), newestFirstPapers: 3, database });
    opened.push(index);
    return index;
  };
  const ids = (result: { items: { paper: { id: string } }[] }) => result.items.map((hit) => hit.paper.id);
  const messages = () => logged.map((line) => line.msg);

  it('answers from the newest papers, then from the worker’s index, equal to a build on this thread', async () => {
    const index = open(target);
    expect(await searchPapers(index, { q: 'routing', limit: 20 })).toMatchObject({ indexing: true });
    // Written while the worker reads: replayed onto its index once it lands.
    await savePapers(store, [lighthouse], { feedCategories: [], now: NOW });

    const whole = await index.everyPaper();
    expect(index.holdsNewestOnly(whole)).toBe(false);
    expect(whole.liveCount).toBe(7);
    const built = logged.find((line) => line.msg === 'search index built in a worker process and loaded from its snapshot');
    expect(built?.papers).toBeGreaterThanOrEqual(6);
    expect(messages()).not.toContain('search index snapshot written');
    // The worker's file is the snapshot now; nothing of it is left beside.
    expect(readdirSync(dir).filter((name) => name.startsWith(SNAPSHOT_FILE))).toEqual([SNAPSHOT_FILE]);

    const fresh = new SearchIndex(store, { logger: pino({ level: 'silent' }) });
    opened.push(fresh);
    for (const query of QUERIES) {
      const answer = await searchPapers(index, query);
      expect(answer, query.q).toStrictEqual(await searchPapers(fresh, query));
      expect(answer.indexing).toBe(false);
    }
    expect(ids(await searchPapers(index, { q: 'author:Lima', limit: 20 })).sort()).toEqual([molecules.id, routing.id].sort());

    // The next start loads what the worker wrote.
    const next = new SearchIndex(store, { logger: pino({ level: 'silent' }), snapshotFile: join(dir, SNAPSHOT_FILE) });
    opened.push(next);
    expect(ids(await searchPapers(next, { q: 'routing', limit: 20 }))).toEqual(
      ids(await searchPapers(fresh, { q: 'routing', limit: 20 })),
    );
  });

  it('keeps the newest papers answering when the build process fails, and says why', async () => {
    // A folder is no database: the worker's store cannot be opened.
    const broken: DatabaseTarget = dialect === 'sqlite' ? { dialect, file: dir } : { dialect, url: `${store.url}_missing` };
    const index = open(broken);
    const during = await searchPapers(index, { q: 'language models', limit: 20 });
    expect(during).toMatchObject({ indexing: true });
    await vi.waitFor(
      () => expect(messages()).toContain('rebuilding the search index in the background failed; the patched index keeps serving'),
      { timeout: 20_000 },
    );
    const failure = logged.find((line) => line.msg.startsWith('rebuilding the search index in the background failed'))!;
    expect(failure.err?.message).toMatch(dialect === 'sqlite' ? /directory|unable to open/i : /does not exist/);
    expect(await searchPapers(index, { q: 'language models', limit: 20 })).toStrictEqual(during);
    expect(readdirSync(dir).filter((name) => name.startsWith(SNAPSHOT_FILE))).toEqual([]);
  });

  it('stops the build process on a shutdown without reporting a failure or leaving a file', async () => {
    const index = open(target);
    expect(await searchPapers(index, { q: 'routing', limit: 20 })).toMatchObject({ indexing: true });
    await index.close();
    expect(messages().filter((msg) => /failed/.test(msg))).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.startsWith(SNAPSHOT_FILE))).toEqual([]);
  });

  it('removes at start what a stopped process left half written, not what a live one is writing', async () => {
    // Above Linux's largest process id: no such process.
    const gone = 4_194_305;
    const live = process.ppid;
    const left = [
      `${SNAPSHOT_FILE}.${gone}.tmp`,
      `${SNAPSHOT_FILE}.building.${gone}`,
      `${SNAPSHOT_FILE}.building.${gone}.${gone}.tmp`,
    ];
    const kept = [`${SNAPSHOT_FILE}.${live}.tmp`, `${SNAPSHOT_FILE}.building.${live}`, 'search-index.v3.bin.notes.txt'];
    for (const name of [...left, ...kept]) writeFileSync(join(dir, name), 'half a snapshot');
    const index = open(target);
    await searchPapers(index, { q: 'routing', limit: 20 });
    const removal = logged.find((line) => line.msg === 'removed snapshot files a stopped process left half written');
    expect([...(removal?.abandoned ?? [])].sort()).toEqual([...left].sort());
    await index.everyPaper();
    expect(
      readdirSync(dir)
        .filter((name) => name.startsWith(SNAPSHOT_FILE))
        .sort(),
    ).toEqual([SNAPSHOT_FILE, ...kept].sort());
  });
});
