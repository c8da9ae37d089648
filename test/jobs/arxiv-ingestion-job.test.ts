import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { startServer, type TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { runArxivIngestionJob } from '../../src/jobs/arxiv-ingestion-job.ts';
import { feedPage } from '../../src/store/feed.ts';
import { countPapers } from '../../src/store/papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'ingest', 'testdata', 'live', 'oai-cs-page3.xml'), 'utf8')
  // The last page of a list: no token, so one request is the whole harvest.
  .replace(/<resumptionToken[^>]*>[^<]*<\/resumptionToken>|<resumptionToken[^>]*\/>/, '');

describe.each(DIALECTS)('scheduled arXiv ingestion on %s', (dialect) => {
  let store: TestStore;
  let server: TestServer;
  // The harvest's one request is answered only once the other process has given up.
  let answer!: () => void;
  const otherProcessDone = new Promise<void>((resolve) => (answer = resolve));
  beforeAll(async () => {
    store = await openTestStore(dialect);
    server = await startServer(async (_req, res) => {
      await otherProcessDone;
      res.writeHead(200, { 'content-type': 'text/xml' }).end(page);
    });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('runs in one process at a time and puts papers matching the feed rule on the feed', async () => {
    const config = loadConfig({
      ARXIV_CATEGORIES: 'cs.SI',
      HF_DAILY: 'off',
      ARXIV_OAI_URL: `${server.url}/oai`,
      DATA_DIR: '/tmp',
    });
    const deps = { config, store, logger: pino({ level: 'silent' }) };
    const runs = [runArxivIngestionJob(deps, 'process-a'), runArxivIngestionJob(deps, 'process-b')];
    await Promise.race(runs);
    answer();
    const outcomes = await Promise.all(runs);
    expect(outcomes.sort()).toEqual(['done', 'skipped']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.params).toMatchObject({ verb: 'ListRecords', metadataPrefix: 'arXiv', set: 'cs' });
    const papers = await countPapers(store);
    expect(papers).toBeGreaterThan(0);
    const feed = await feedPage(store, { range: null, order: 'publishedAt', offset: 0, limit: 50 });
    expect(feed.total).toBe(papers);
    expect(feed.items.every((i) => i.entry.source === 'rule' && i.paper.categories.includes('cs.SI'))).toBe(true);
    // The lease was released: the next scheduled run goes ahead.
    expect(await runArxivIngestionJob(deps, 'process-b')).toBe('done');
  });

  it('reports a failed harvest without throwing, so the schedule keeps running', async () => {
    const config = loadConfig({
      ARXIV_CATEGORIES: 'cs.SI',
      HF_DAILY: 'off',
      ARXIV_OAI_URL: 'http://127.0.0.1:1/oai',
      DATA_DIR: '/tmp',
    });
    const abort = new AbortController();
    // Stopped (as `serve` stops it) when the first attempt has failed, instead of retrying on.
    const logger = pino({ level: 'warn' }, { write: () => abort.abort() });
    const deps = { config, store, logger };
    expect(await runArxivIngestionJob(deps, 'process-c', abort.signal)).toBe('failed');
  });
});
