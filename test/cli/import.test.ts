import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedEntryOf, feedPage } from '../../src/store/feed.ts';
import { countPapers, getPaper } from '../../src/store/papers.ts';
import { runCli } from '../support/cli.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'dp-import-'));

function listing(id: string, title: string, category = 'cs.CL') {
  return JSON.stringify({
    id,
    title,
    summary: 'An abstract\nwrapped.',
    authors: ['Ada Lovelace'],
    categories: [category],
    comment: null,
    listing_date: '2026-03-02',
  });
}

const lines = [
  listing('2603.00001', 'First <script>alert(1)</script> paper'),
  '{ this is not json',
  listing('2603.00002', 'Second paper', 'cs.CV'),
  JSON.stringify({ id: '2603.00003', summary: 'no title' }),
  listing('2603.00004v2', 'Fourth paper'),
];
const file = join(dir, 'listing.jsonl');
writeFileSync(file, lines.join('\n') + '\n');
const gz = join(dir, 'listing.jsonl.gz');
writeFileSync(gz, gzipSync(lines.join('\n') + '\n'));
const empty = join(dir, 'empty.jsonl');
writeFileSync(empty, '');

describe.each(DIALECTS)('dailypapers import on %s', (dialect) => {
  let store: TestStore;
  let env: Record<string, string>;
  beforeAll(async () => {
    store = await openTestStore(dialect, { sqliteFile: join(dir, `${Math.random()}.sqlite`) });
    env = { DATABASE_URL: store.url, DATA_DIR: dir, FEED_CATEGORIES: 'cs.CL' };
  });
  afterAll(async () => {
    await store.close();
  });

  it('imports the good records, lists each rejected line, and exits 1', async () => {
    const result = await runCli(['import', file], env);
    expect(result.stdout).toMatch(/^imported 3, updated 0, unchanged 0, rejected 2 \(arxiv-listing, /);
    // Where they went: the malformed line 2 in the middle loses nothing after it.
    expect(result.stdout.split('\n').slice(1)).toEqual([
      'feed: 2 papers placed on 2026-03-02',
      'archive only: 1 paper, searchable but on no feed (FEED_CATEGORIES=cs.CL covers none of their categories); ' +
        'to place them, set FEED_CATEGORIES to cover them and run dailypapers feed apply-rule, or import with --feed',
      '',
    ]);
    expect(result.stderr).toContain('rejected line 2: ');
    expect(result.stderr).toMatch(/rejected line 4: .*title/);
    expect(result.code).toBe(1);
    expect(await countPapers(store)).toBe(3);
    expect(await getPaper(store, '2603.00004')).toMatchObject({
      version: 2,
      title: 'Fourth paper',
      abstract: 'An abstract wrapped.',
    });
    const feed = await feedPage(store, {
      range: { from: '2026-03-02', to: '2026-03-02' },
      order: 'upvotes',
      offset: 0,
      limit: 50,
    });
    expect(feed.items.map((i) => i.paper.id).sort()).toEqual(['2603.00001', '2603.00004']);
  });

  it('changes nothing when the same file (gzipped) is imported again', async () => {
    const result = await runCli(['import', gz, '--format', 'arxiv-listing'], env);
    expect(result.stdout).toMatch(/^imported 0, updated 0, unchanged 3, rejected 2 /);
    expect(result.stdout).toContain('\nfeed: none placed; 2 papers kept the day they had\n');
    expect(await countPapers(store)).toBe(3);
  });

  it('applies a wider feed rule to papers already stored when the file is imported again', async () => {
    const result = await runCli(['import', file], { ...env, FEED_CATEGORIES: 'cs' });
    expect(result.stdout).toMatch(/^imported 0, updated 1, unchanged 2, rejected 2 /);
    expect(result.stdout).toContain('\nfeed: 1 paper placed on 2026-03-02; 2 papers kept the day they had\n');
    expect((await feedEntryOf(store, '2603.00002'))?.day).toBe('2026-03-02');
  });

  it('reads standard input', async () => {
    const result = await runCli(['import', '-'], env, listing('2603.00005', 'From stdin') + '\n');
    expect(result.stdout).toMatch(/^imported 1, updated 0, unchanged 0, rejected 0 /);
    expect(result.code).toBe(0);
  });
});

describe('dailypapers import, unreadable input', () => {
  const env = { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'unreadable.sqlite')}` };

  it('keeps every record before a truncated gzip and reports where the input ended', async () => {
    const whole = gzipSync(
      Array.from({ length: 2000 }, (_, i) => listing(`2603.${String(10000 + i)}`, `Paper ${i}`)).join('\n') + '\n',
    );
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await runCli(['import', cut], env);
    const imported = Number(/^imported (\d+),/.exec(result.stdout)?.[1]);
    expect(imported).toBeGreaterThan(500);
    expect(imported).toBeLessThan(2000);
    expect(result.stdout).toContain(', rejected 1 ');
    expect(result.stderr).toContain(`rejected line ${imported + 1}: input ends early: truncated gzip`);
    expect(result.code).toBe(1);
  });

  it('reports an empty file and exits 1', async () => {
    const result = await runCli(['import', empty], env);
    expect(result.stderr).toContain('holds no records (empty input)');
    expect(result.code).toBe(1);
  });

  it('reports a missing file and exits 2', async () => {
    const result = await runCli(['import', join(dir, 'missing.jsonl')], env);
    expect(result.stderr).toBe(`dailypapers: cannot read ${join(dir, 'missing.jsonl')}: ENOENT\n`);
    expect(result.code).toBe(2);
  });

  it('reports a file of no known format in one line and exits 2', async () => {
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{"title');
    const result = await runCli(['import', garbled], env);
    expect(result.stderr).toBe(
      `dailypapers: ${garbled}: cannot detect the format: record 1: not JSON: Unterminated string in JSON at position 7; pass --format\n`,
    );
    expect(result.code).toBe(2);
  });

  it('reports a database it cannot reach in one line and exits 1', async () => {
    const result = await runCli(['import', file], { ...env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/papers' });
    // Never the password the URL holds.
    expect(result.stderr).toBe(
      'dailypapers: cannot reach PostgreSQL at 127.0.0.1:1 (connection refused): start it, or correct the host and port in DATABASE_URL\n',
    );
    expect(result.code).toBe(1);
  });

  it('refuses a bad configuration naming the variable', async () => {
    const result = await runCli(['import', file], { ...env, DATABASE_URL: 'mysql://nope' });
    expect(result.stderr).toBe(
      'dailypapers: DATABASE_URL: "mysql://nope" must start with postgres://, postgresql:// or sqlite:\n',
    );
    expect(result.code).toBe(2);
  });
});

describe.each(DIALECTS)('papers in the archive onto the feeds, on %s', (dialect) => {
  let store: TestStore;
  let env: Record<string, string>;
  const days = join(dir, 'days.jsonl');
  writeFileSync(
    days,
    [1, 2, 3, 4, 5]
      .map((day) =>
        JSON.stringify({
          id: `2603.0010${day}`,
          title: `Day ${day}`,
          authors: ['A'],
          categories: [day % 2 ? 'cs.CL' : 'math.GT'],
          listing_date: `2026-03-0${day}`,
        }),
      )
      .join('\n') + '\n',
  );
  beforeAll(async () => {
    store = await openTestStore(dialect, { sqliteFile: join(dir, `${Math.random()}.sqlite`) });
    env = { DATABASE_URL: store.url, DATA_DIR: dir };
  });
  afterAll(async () => {
    await store.close();
  });

  it('feed apply-rule places every stored paper the rule covers on its listing day, once', async () => {
    expect((await runCli(['import', days], env)).stdout).toContain(
      '\narchive only: 5 papers, searchable but on no feed (FEED_CATEGORIES is unset);',
    );
    const refused = await runCli(['feed', 'apply-rule'], env);
    expect(refused.stderr).toMatch(/^dailypapers: FEED_CATEGORIES is unset: set it to the categories/);
    expect(refused.code).toBe(2);

    const applied = await runCli(['feed', 'apply-rule'], { ...env, FEED_CATEGORIES: 'cs.CL' });
    expect(applied.stdout.split('\n')[0]).toBe('feed: 3 papers placed on 2026-03-01 (1), 2026-03-03 (1), 2026-03-05 (1)');
    expect(applied.stdout).toContain('\narchive only: 2 papers, searchable but on no feed (FEED_CATEGORIES=cs.CL covers none');
    expect(applied.code).toBe(0);
    expect((await feedEntryOf(store, '2603.00105'))?.day).toBe('2026-03-05');
    expect((await runCli(['feed', 'apply-rule'], { ...env, FEED_CATEGORIES: 'cs.CL' })).stdout).toBe(
      'archive only: 2 papers, searchable but on no feed (FEED_CATEGORIES=cs.CL covers none of their categories); ' +
        'to place them, set FEED_CATEGORIES to cover them and run dailypapers feed apply-rule, or import with --feed\n',
    );
  });

  it('import --feed puts every paper of the file on the feed of its own day, whatever the rule', async () => {
    const result = await runCli(['import', '--feed', days], env);
    expect(result.stdout).toContain(
      '\nfeed: 2 papers placed on 2026-03-02 (1), 2026-03-04 (1); 3 papers kept the day they had\n',
    );
    expect((await feedEntryOf(store, '2603.00104'))?.day).toBe('2026-03-04');
  });
});
