import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oaiPageFor, startServer, type TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { feedPage } from '../../src/store/feed.ts';
import { countPapers, getPaper } from '../../src/store/papers.ts';
import { runCli } from '../support/cli.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const LIVE = join(import.meta.dirname, '..', '..', 'src', 'ingest', 'testdata', 'live');
const dataDir = mkdtempSync(join(tmpdir(), 'dp-ingest-'));
const fixture = (name: string) => readFileSync(join(LIVE, name), 'utf8');

/** Answers like arXiv's OAI-PMH endpoint: three pages linked by resumption tokens; nothing from 2015-01-18. */
function oaiServer(): Promise<TestServer> {
  return startServer((req, res) => {
    const params = new URL(req.url!, 'http://x').searchParams;
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(params.get('from') === '2015-01-18' ? fixture('oai-no-records.xml') : oaiPageFor(params));
  });
}

describe.each(DIALECTS)('dailypapers ingest on %s', (dialect) => {
  let store: TestStore;
  let server: TestServer;
  beforeAll(async () => {
    store = await openTestStore(dialect, {
      sqliteFile: join(dataDir, `ingest-${dialect}.sqlite`),
    });
    server = await oaiServer();
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('harvests every page of an OAI-PMH list into the store, then continues from where it stopped', async () => {
    const env = {
      DATABASE_URL: store.url,
      ARXIV_OAI_URL: `${server.url}/oai`,
      DATA_DIR: dataDir,
    };
    const first = await runCli(['ingest', 'arxiv', '--categories', 'cs', '--from', '2015-01-16', '--until', '2015-01-18'], env);
    // Page 3 carries one record deleted at the source: reported, and the exit status says so.
    expect(first.stdout).toBe(
      'harvested 9 records in 3 pages from cs: imported 9, updated 0, unchanged 0, rejected 1, outside the categories 0\n',
    );
    expect(first.stderr).toContain('deleted at source');
    expect(first.code).toBe(1);
    expect(server.requests.map((r) => r.params.resumptionToken ?? r.params.set)).toEqual([
      'cs',
      expect.stringContaining('skip'),
      expect.stringContaining('skip'),
    ]);
    const stored = await countPapers(store);
    expect(stored).toBe(9);

    // No --from: the next run starts from the last completed day, so nothing announced late is missed.
    const second = await runCli(['ingest', 'arxiv', '--categories', 'cs', '--until', '2015-01-20'], env);
    expect(second.code).toBe(0);
    expect(server.requests.at(-1)!.params).toMatchObject({
      verb: 'ListRecords',
      set: 'cs',
      from: '2015-01-18',
      until: '2015-01-20',
    });
    expect(await countPapers(store)).toBe(stored);
  }, 60_000);

  it('puts one day of Hugging Face daily papers on the feed with their upvotes', async () => {
    const hf = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fixture('hf-daily-2026-01-05.json'));
    });
    try {
      const result = await runCli(['ingest', 'hf', '--date', '2026-01-05'], { DATABASE_URL: store.url, HF_API_URL: hf.url });
      expect(result.stdout).toBe('hf 2026-01-05: imported 5, updated 0, unchanged 0, rejected 1\n');
      expect(result.code).toBe(1);
      expect(hf.requests[0]!.params).toEqual({ date: '2026-01-05', p: '0', limit: '100' });
      const day = await feedPage(store, {
        range: { from: '2026-01-05', to: '2026-01-05' },
        order: 'upvotes',
        offset: 0,
        limit: 50,
      });
      expect(day.total).toBe(5);
      expect(day.items.every((i) => i.entry.source === 'hf')).toBe(true);
      expect((await getPaper(store, '2601.01234'))!.title).toBe('Sparse Mixture Routing for Long-Context Language Models');
    } finally {
      await hf.close();
    }
  });

  it('refuses a bad date before touching the network', async () => {
    const result = await runCli(['ingest', 'hf', '--date', '2025-02-30'], { DATABASE_URL: store.url });
    expect(result.stderr).toBe('dailypapers: --date "2025-02-30" is not a calendar day (YYYY-MM-DD)\n');
    expect(result.code).toBe(2);
  });
});
