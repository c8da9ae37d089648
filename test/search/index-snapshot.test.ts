/**
 * The keyword index kept between runs: the first start builds it and writes a snapshot; the
 * next loads that snapshot (saying so) and replays the change log since, with results equal to
 * a fresh build; a snapshot that cannot be used — damaged, truncated, of another format, or
 * ahead of the database — is rebuilt with the reason logged, and search still answers.
 */
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { SearchIndex, searchPapers, SNAPSHOT_FILE, type SearchQuery } from '../../src/search/index.ts';
import { readSnapshot, readSnapshotInSlices, type Snapshot } from '../../src/search/index-snapshot.ts';
import { closePositionsFile } from '../../src/search/term-positions.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { NOW, seedSearchCorpus } from './fixtures.ts';

const QUERIES: SearchQuery[] = [
  { q: 'experts', limit: 20 },
  { q: 'routing model', limit: 20 },
  { q: '"dense retrieval"', limit: 20 },
  { q: 'author:Lima', limit: 20 },
  { q: 'model -dense', limit: 20 },
  { q: 'models', limit: 20, hasCode: true },
  { q: 'learning', limit: 20, category: 'cs', from: '2026-01-01', to: '2026-02-28' },
];

interface LogLine {
  msg: string;
  reason?: string;
  papers?: number;
}

/** A SearchIndex over the store with its snapshot in `dir`, and the lines it logs. */
function openIndex(store: TestStore, dir: string): { index: SearchIndex; logged: LogLine[] } {
  const logged: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line) as LogLine) });
  return { index: new SearchIndex(store, { logger, snapshotFile: join(dir, SNAPSHOT_FILE) }), logged };
}

/** Each query's answer, as ids in order with their highlights and the total. */
async function answers(index: SearchIndex): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of QUERIES) {
    const result = await searchPapers(index, query);
    out.push({ total: result.total, items: result.items.map((hit) => [hit.paper.id, hit.score, hit.highlights.title]) });
  }
  return out;
}

/** What a build from the papers answers, with no snapshot anywhere. */
async function freshAnswers(store: TestStore): Promise<unknown[]> {
  return answers(new SearchIndex(store, { logger: pino({ level: 'silent' }) }));
}

const messages = (logged: LogLine[]) => logged.map((line) => line.msg);

/** Where a snapshot's sections begin: after the 24-byte header and the description, whose length it gives. */
function sectionsStart(bytes: Buffer): number {
  return 24 + bytes.readUInt32LE(12);
}

/** A section's offset from the first section's start, from the description's element counts (each padded to 8 bytes). */
function sectionOffset(bytes: Buffer, name: string): number {
  const sizes: Record<string, number> = { f64: 8, i32: 4, u32: 4, u16: 2, u8: 1 };
  const { sections } = JSON.parse(bytes.subarray(24, sectionsStart(bytes)).toString('utf8')) as {
    sections: { name: string; kind: string; length: number }[];
  };
  let at = 0;
  for (const section of sections) {
    if (section.name === name) return at;
    at += Math.ceil((section.length * sizes[section.kind]!) / 8) * 8;
  }
  throw new Error(`no section ${name}`);
}

async function visiblePapers(store: TestStore): Promise<number> {
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hidden_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(DIALECTS)('the keyword index snapshot, on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedSearchCorpus(store);
  });
  afterAll(async () => store.close());

  /** A data folder whose snapshot a first run has built and written. */
  async function builtSnapshot(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'dp-snapshot-'));
    const { index, logged } = openIndex(store, dir);
    await index.current();
    await index.close();
    expect(messages(logged)).toEqual([
      'rebuilding the search index: its snapshot cannot be used (there is no snapshot)',
      'search index snapshot written',
    ]);
    return dir;
  }

  it('is built and written on the first start, then loaded (not rebuilt) with the same answers as a fresh build', async () => {
    const dir = await builtSnapshot();
    const { index, logged } = openIndex(store, dir);
    expect(await answers(index)).toStrictEqual(await freshAnswers(store));
    expect(messages(logged)).toEqual(['search index loaded from its snapshot']);
    expect(logged[0]!.papers).toBe(await visiblePapers(store));
    expect(index.ready).toBe(true);
  });

  it('replays the changes made while no index ran: an added, a changed and a hidden paper', async () => {
    const dir = await builtSnapshot();
    // A server that ran through the changes patches its index with them: a restart must answer as it does.
    const running = new SearchIndex(store, { logger: pino({ level: 'silent' }) });
    await running.current();
    await savePapers(
      store,
      [
        paperRecord({
          id: '2603.00077',
          title: 'Snapshot Replay of Lighthouse Keepers',
          abstract: 'Lighthouses, keepers and their logs.',
          authors: ['Mira Holt'],
          categories: ['cs.DB'],
          publishedAt: '2026-03-01T00:00:00.000Z',
        }),
      ],
      { feedCategories: [], now: NOW },
    );
    await sql`UPDATE papers SET title = 'Dense Retrieval of Glaciers' WHERE id = '2601.00002'`.execute(store.db);
    await sql`UPDATE papers SET hidden_at = ${NOW.toISOString()} WHERE id = '2601.00001'`.execute(store.db);

    const { index, logged } = openIndex(store, dir);
    const ids = async (q: string) => (await searchPapers(index, { q, limit: 20 })).items.map((hit) => hit.paper.id);
    expect(await ids('lighthouse keepers')).toEqual(['2603.00077']);
    expect(await ids('glaciers')).toEqual(['2601.00002']);
    expect(await ids('experts')).not.toContain('2601.00001');
    expect(messages(logged)).toEqual(['search index loaded from its snapshot']);
    expect(await answers(index)).toStrictEqual(await answers(running));
    // Put back for the other tests of this store.
    await sql`UPDATE papers SET hidden_at = NULL WHERE id = '2601.00001'`.execute(store.db);
  });

  const unusable: [string, (file: string) => void, string][] = [
    [
      'a flipped byte in a section read at the load (the terms)',
      (file) => {
        const bytes = readFileSync(file);
        bytes[sectionsStart(bytes) + 3]! ^= 0xff;
        writeFileSync(file, bytes);
      },
      'its checksum does not match (a damaged or truncated file)',
    ],
    [
      'a flipped byte in the description',
      (file) => {
        const bytes = readFileSync(file);
        bytes[30]! ^= 0x01;
        writeFileSync(file, bytes);
      },
      'its checksum does not match (a damaged or truncated file)',
    ],
    [
      'a truncated file',
      (file) => truncateSync(file, Math.floor(readFileSync(file).length / 2)),
      'its checksum does not match (a damaged or truncated file)',
    ],
    [
      'another format version',
      (file) => {
        const bytes = readFileSync(file);
        bytes.writeUInt32LE(99, 8);
        writeFileSync(file, bytes);
      },
      'its format version is 99, this program reads 3',
    ],
    [
      'a file that is no snapshot',
      (file) => writeFileSync(file, 'not an index at all, but long enough to hold a header'),
      'the file is not a search index snapshot',
    ],
  ];

  it.each(unusable)('is rebuilt from the papers after %s, saying why, and search answers', async (_what, damage, reason) => {
    const dir = await builtSnapshot();
    damage(join(dir, SNAPSHOT_FILE));
    const { index, logged } = openIndex(store, dir);
    expect(await answers(index)).toStrictEqual(await freshAnswers(store));
    await index.close();
    expect(logged.map(({ msg, reason }) => ({ msg, reason }))).toEqual([
      { msg: `rebuilding the search index: its snapshot cannot be used (${reason})`, reason },
      { msg: 'search index snapshot written', reason: undefined },
    ]);
    // The rewritten snapshot is used by the next start.
    const next = openIndex(store, dir);
    await next.index.current();
    expect(messages(next.logged)).toEqual(['search index loaded from its snapshot']);
  });

  it.each(unusable)(
    'is refused in the same words when read in slices, as a swap reads it, after %s',
    async (_what, damage, reason) => {
      const file = join(await builtSnapshot(), SNAPSHOT_FILE);
      damage(file);
      expect(() => readSnapshot(file)).toThrow(reason);
      await expect(readSnapshotInSlices(file, 64)).rejects.toThrow(reason);
    },
  );

  it('reads the same snapshot in slices as at once', async () => {
    const file = join(await builtSnapshot(), SNAPSHOT_FILE);
    const whole = readSnapshot(file);
    const sliced = await readSnapshotInSlices(file, 64);
    const withoutDescriptor = ({ state, ...rest }: Snapshot) => ({
      ...rest,
      state: { ...state, positions: { ...state.positions, fd: 0 } },
    });
    expect(withoutDescriptor(sliced)).toStrictEqual(withoutDescriptor(whole));
    expect(sliced.state.terms.length).toBeGreaterThan(10);
    closePositionsFile(whole.state.positions);
    closePositionsFile(sliced.state.positions);
  });

  it('replaces a snapshot of the former formats (v2: one checksum for the file; v1): rebuilt, and the old files removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-snapshot-'));
    writeFileSync(join(dir, 'search-index.v1.bin'), 'an index in the format before compressed postings');
    writeFileSync(join(dir, 'search-index.v2.bin'), 'an index in the format before checksums by section');
    const { index, logged } = openIndex(store, dir);
    expect(await answers(index)).toStrictEqual(await freshAnswers(store));
    await index.close();
    expect(messages(logged)).toEqual([
      'rebuilding the search index: its snapshot cannot be used (there is no snapshot)',
      'search index snapshot written',
    ]);
    expect(SNAPSHOT_FILE).toBe('search-index.v3.bin');
    expect(['v1', 'v2', 'v3'].map((v) => existsSync(join(dir, `search-index.${v}.bin`)))).toEqual([false, false, true]);
  });

  it('answers phrases right from a snapshot whose term positions are damaged, finds it after loading, and rebuilds in the background', async () => {
    const phrases: SearchQuery[] = [
      { q: '"dense retrieval"', limit: 20 },
      { q: '"language models"', limit: 20 },
      { q: 'model -"routing model"', limit: 20 },
    ];
    const phraseIds = async (index: SearchIndex) => {
      const out: unknown[] = [];
      for (const query of phrases) out.push((await searchPapers(index, query)).items.map((hit) => hit.paper.id));
      return out;
    };
    const expected = await phraseIds(new SearchIndex(store, { logger: pino({ level: 'silent' }) }));
    const dir = await builtSnapshot();
    const file = join(dir, SNAPSHOT_FILE);
    // Every word of the positions (the last section) turned into another: no phrase would be found in them.
    const bytes = readFileSync(file);
    const positionsAt = sectionsStart(bytes) + sectionOffset(bytes, 'sequence');
    for (let at = positionsAt; at < bytes.length; at++) bytes[at]! ^= 0x5a;
    writeFileSync(file, bytes);

    const { index, logged } = openIndex(store, dir);
    // The first search comes before the background check ends: its phrase test finishes the check first.
    expect(await phraseIds(index)).toStrictEqual(expected);
    await vi.waitFor(() => expect(messages(logged)).toContain('search index snapshot written'), { timeout: 10_000 });
    expect(logged.map(({ msg, reason }) => ({ msg, reason }))).toEqual([
      { msg: 'search index loaded from its snapshot', reason: undefined },
      {
        msg: 'rebuilding the search index: its snapshot cannot be used (its term positions do not match their checksum)',
        reason: 'its term positions do not match their checksum',
      },
      { msg: 'search index snapshot written', reason: undefined },
    ]);
    expect(await phraseIds(index)).toStrictEqual(expected);
    await index.close();
    // The rewritten snapshot is sound: the next start loads it, and its check finds nothing.
    const next = openIndex(store, dir);
    expect(await phraseIds(next.index)).toStrictEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messages(next.logged)).toEqual(['search index loaded from its snapshot']);
    await next.index.close();
  });

  it('is rebuilt when it was made from another database, even one whose log stands further', async () => {
    const dir = await builtSnapshot();
    const other = await openTestStore(dialect);
    // Its log further than the snapshot's version: the version check alone would take the snapshot.
    await sql`UPDATE search_state SET version = version + 1000`.execute(other.db);
    try {
      const { index, logged } = openIndex(other, dir);
      expect((await searchPapers(index, { q: 'experts', limit: 20 })).total).toBe(0);
      expect(messages(logged)[0]).toBe(
        'rebuilding the search index: its snapshot cannot be used (it was made from another database)',
      );
      await index.close();
    } finally {
      await other.close();
    }
  });

  it('is rewritten by reindex and on close when the log has grown since it was written', async () => {
    const dir = await builtSnapshot();
    const { index, logged } = openIndex(store, dir);
    await index.current();
    await index.close(); // nothing changed: nothing written
    expect(messages(logged)).toEqual(['search index loaded from its snapshot']);

    await sql`UPDATE papers SET title = title || ' (revised)' WHERE id = '2601.00003'`.execute(store.db);
    const second = openIndex(store, dir);
    await second.index.current();
    await second.index.close();
    expect(messages(second.logged)).toEqual(['search index loaded from its snapshot', 'search index snapshot written']);

    const third = openIndex(store, dir);
    expect(await third.index.rebuildSnapshot()).toEqual({ papers: await visiblePapers(store), version: expect.any(Number) });
    expect(messages(third.logged)).toEqual(['search index snapshot written']);
    expect(await answers(third.index)).toStrictEqual(await freshAnswers(store));
  });

  it('answers phrases from the file it loaded as a cold build does, with papers added since, and after a newer snapshot replaced the file', async () => {
    const PHRASES: SearchQuery[] = [
      { q: '"dense retrieval"', limit: 20 },
      { q: '"language models"', limit: 20 },
      { q: '"large language models" survey', limit: 20 },
      { q: 'model -"routing model"', limit: 20 },
      { q: '"surface codes" quantum', limit: 20 },
    ];
    const phraseAnswers = async (index: SearchIndex) => {
      const out: unknown[] = [];
      for (const query of PHRASES) {
        const result = await searchPapers(index, query);
        out.push({ total: result.total, ids: result.items.map((hit) => hit.paper.id) });
      }
      return out;
    };
    const cold = async () => phraseAnswers(new SearchIndex(store, { logger: pino({ level: 'silent' }) }));
    const dir = await builtSnapshot();
    const { index, logged } = openIndex(store, dir);
    expect(await phraseAnswers(index)).toStrictEqual(await cold());
    expect(messages(logged)).toEqual(['search index loaded from its snapshot']);

    // Through the change log: its positions are held in memory, beside the file's.
    await savePapers(
      store,
      [
        paperRecord({
          id: '2603.00088',
          title: 'Dense Retrieval by Lantern Light',
          abstract: 'Large language models read by lanterns; a routing model for dense retrieval.',
          authors: ['Ines Vale'],
          categories: ['cs.IR'],
          publishedAt: '2026-03-02T00:00:00.000Z',
        }),
      ],
      { feedCategories: [], now: NOW },
    );
    const withAdded = await phraseAnswers(index);
    expect(withAdded).toStrictEqual(await cold());
    expect(withAdded[0]).toMatchObject({ ids: expect.arrayContaining(['2603.00088', '2601.00002']) });

    // Another process rebuilds the snapshot: the new file is renamed over the one this index reads.
    const other = openIndex(store, dir);
    await other.index.rebuildSnapshot();
    await other.index.close();
    expect(await phraseAnswers(index)).toStrictEqual(withAdded);
    await index.close();
    // Put back for the other tests of this store.
    await sql`UPDATE papers SET hidden_at = ${NOW.toISOString()} WHERE id = '2603.00088'`.execute(store.db);
  });
});
