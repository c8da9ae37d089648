import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPage } from '../../src/store/feed.ts';
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
    expect(await countPapers(store)).toBe(3);
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
    expect(result.stderr).toBe('dailypapers: cannot open the postgres database: connect ECONNREFUSED 127.0.0.1:1\n');
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
