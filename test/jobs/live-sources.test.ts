/**
 * The live sources' bad days, each with its exact outcome: what was stored, what the source
 * status (the page) and the log say, and how long the client waited (an injected clock: no
 * test sleeps). Real databases, real HTTP servers that answer as Hugging Face and arXiv do.
 */
import type { ServerResponse } from 'node:http';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { addDays } from '../../src/core/dates.ts';
import { arxivClient, hfClient } from '../../src/ingest/live-ingestion.ts';
import { readSourceStatus, updateSourceStatus } from '../../src/ingest/source-status.ts';
import {
  fakeClock,
  fixture,
  hfItemsOn,
  oaiPageFor,
  send,
  startServer,
  type TestServer,
} from '../../src/ingest/testdata/live/test-server.ts';
import { arxivIngestionJob } from '../../src/jobs/arxiv-ingestion-job.ts';
import { hfDailyJob } from '../../src/jobs/hf-daily-job.ts';
import { runSourceJob, scheduleSourceJob, type SourceJob } from '../../src/jobs/source-job.ts';
import { feedPage } from '../../src/store/feed.ts';
import { getPaper } from '../../src/store/papers.ts';
import { paperRecord } from '../../src/core/paper.ts';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { signUp } from '../../src/social/accounts.ts';
import { vote } from '../../src/social/votes.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { testServer } from '../web/fixtures.ts';

const TODAY = '2026-01-05';
const NOW = new Date(`${TODAY}T12:00:00Z`);

/** A logger whose lines the test reads back. */
function recordingLogger() {
  const lines: { level: number; msg: string; [field: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) });
  return { logger, lines };
}

type Answer = (res: ServerResponse, params: URLSearchParams, n: number) => boolean;

describe.each(DIALECTS)('live sources on %s', (dialect) => {
  let store: TestStore;
  let server: TestServer | undefined;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await store.close();
  });

  /** Hugging Face: `picks` per day, unless `answer` answers the request itself. */
  async function hfJob(picks: Record<string, unknown[]>, answer: Answer = () => false) {
    server = await startServer((req, res, n) => {
      const params = new URL(req.url!, 'http://x').searchParams;
      if (answer(res, params, n)) return;
      send(res, 200, JSON.stringify(picks[params.get('date')!] ?? []), { 'content-type': 'application/json' });
    });
    const clock = fakeClock(NOW.getTime());
    const { logger, lines } = recordingLogger();
    const config = loadConfig({ HF_API_URL: server.url, ARXIV_CATEGORIES: 'none', DATA_DIR: '/tmp' });
    const deps = { config, store, logger };
    const job = hfDailyJob(deps, hfClient(logger, { sleep: clock.sleep, now: clock.now, random: () => 0 }));
    const run = (now = NOW) => runSourceJob(deps, job, 'test', new AbortController().signal, now);
    return { server, clock, lines, run, requested: () => server!.requests.map((r) => r.params.date) };
  }

  async function feedIds(day: string): Promise<string[]> {
    const page = await feedPage(store, { range: { from: day, to: day }, order: 'upvotes', offset: 0, limit: 50 });
    return page.items.map((i) => i.paper.id);
  }

  it('Hugging Face answering 500: retried with backoff, then the days before are kept, the fault shown, and the next run resumes', async () => {
    let failing = true;
    const hf = await hfJob(
      { [TODAY]: hfItemsOn(TODAY, [0]), [addDays(TODAY, -1)]: hfItemsOn(addDays(TODAY, -1), [1]) },
      (res, params) => {
        if (!failing || params.get('date') !== addDays(TODAY, -2)) return false;
        send(res, 500, 'Internal Server Error');
        return true;
      },
    );
    expect(await hf.run()).toBe('failed');
    // 500 ms between requests; then 1, 2, 4, 8 s between the five attempts at the third day.
    expect(hf.clock.sleeps).toEqual([500, 500, 1000, 2000, 4000, 8000]);
    expect(hf.requested()).toEqual([TODAY, addDays(TODAY, -1), ...Array(5).fill(addDays(TODAY, -2))]);
    expect(await feedIds(TODAY)).toEqual(['2601.01234']);
    expect(await feedIds(addDays(TODAY, -1))).toEqual(['2601.00987']);
    expect(await readSourceStatus(store, 'hf-daily')).toEqual({
      from: addDays(TODAY, -1),
      to: TODAY,
      papers: 2,
      lastSuccessAt: null,
      fault: { message: 'answered HTTP 500 after 5 attempt(s)', at: NOW.toISOString(), retryAt: null },
    });
    expect(hf.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      'hugging face daily papers: answered HTTP 500 after 5 attempt(s)',
    ]);

    failing = false;
    const seen = hf.server.requests.length;
    const later = new Date(NOW.getTime() + 60_000);
    expect(await hf.run(later)).toBe('done');
    // The days already fetched are refreshed, then the backfill goes on from the day that failed.
    expect(hf.requested().slice(seen, seen + 3)).toEqual([TODAY, addDays(TODAY, -1), addDays(TODAY, -2)]);
    expect(hf.requested().slice(seen)).toHaveLength(30);
    expect(await readSourceStatus(store, 'hf-daily')).toMatchObject({
      from: addDays(TODAY, -29),
      to: TODAY,
      lastSuccessAt: later.toISOString(),
      fault: null,
    });
  });

  it('Hugging Face answering 429 with Retry-After: waits exactly that long, then stores the day', async () => {
    const hf = await hfJob({ [TODAY]: hfItemsOn(TODAY, [0, 1]) }, (res, _params, n) => {
      if (n !== 0) return false;
      send(res, 429, 'slow down', { 'retry-after': '30' });
      return true;
    });
    expect(await hf.run()).toBe('done');
    expect(hf.clock.sleeps.slice(0, 2)).toEqual([30_000, 500]);
    expect(hf.requested().slice(0, 2)).toEqual([TODAY, TODAY]);
    expect(await feedIds(TODAY)).toEqual(['2601.01234', '2601.00987']);
    expect((await getPaper(store, '2601.01234'))?.upvotes).toBe(87);
  });

  it('Hugging Face answering HTML instead of JSON: nothing stored for the day, the fault says so', async () => {
    const hf = await hfJob({}, (res) => {
      send(res, 200, '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head></html>', { 'content-type': 'text/html' });
      return true;
    });
    expect(await hf.run()).toBe('failed');
    expect(hf.requested()).toEqual([TODAY]);
    const { fault, from, papers } = await readSourceStatus(store, 'hf-daily');
    expect({ from, papers }).toEqual({ from: null, papers: 0 });
    expect(fault?.message).toBe(
      `answered HTML instead of JSON from ${hf.server.url}/api/daily_papers?date=${TODAY}&p=0&limit=100: ` +
        '<!DOCTYPE html> <html><head><title>Maintenance</title></head></html>',
    );
    expect(hf.lines.find((l) => l.level >= 50)?.msg).toBe(`hugging face daily papers: ${fault?.message}`);
  });

  it('a day whose list was partial: the next run adds the missing picks, refreshes upvotes and keeps every place', async () => {
    const picks = { [TODAY]: hfItemsOn(TODAY, [0, 1]) };
    const hf = await hfJob(picks);
    expect(await hf.run()).toBe('done');
    expect(await feedIds(TODAY)).toEqual(['2601.01234', '2601.00987']);
    const complete = hfItemsOn(TODAY, [0, 1, 2]) as { paper: { upvotes: number } }[];
    complete[1]!.paper.upvotes = 120;
    picks[TODAY] = complete;
    expect(await hf.run(new Date(NOW.getTime() + 3_600_000))).toBe('done');
    expect(await feedIds(TODAY)).toEqual(['2601.00987', '2601.01234', '2601.01502']);
    expect((await getPaper(store, '2601.00987'))?.upvotes).toBe(120);
    const { items } = await feedPage(store, { range: { from: TODAY, to: TODAY }, order: 'upvotes', offset: 0, limit: 50 });
    expect(items.map((i) => [i.entry.day, i.entry.source, i.entry.rank])).toEqual([
      [TODAY, 'hf', 2],
      [TODAY, 'hf', 1],
      [TODAY, 'hf', 3],
    ]);
  });

  it("ranks the fetched upvotes at once: one local vote does not stay above Hugging Face's picks until the hourly recompute", async () => {
    const voted = paperRecord({ id: '2601.09999', title: 'One local vote', feed: { day: TODAY, rank: null, submittedBy: null } });
    await savePapers(store, [voted], { feedCategories: [], now: NOW });
    const member = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    await vote(store, member, voted.id, true, DEFAULT_TRENDING, NOW);
    const hf = await hfJob({ [TODAY]: hfItemsOn(TODAY, [0, 1]) });
    expect(await hf.run()).toBe('done');

    const app = await testServer(store);
    try {
      const items = (await app.inject(`/api/daily_papers?date=${TODAY}&sort=trending`)).json<
        { paper: { id: string; upvotes: number } }[]
      >();
      expect(items.map((item) => [item.paper.id, item.paper.upvotes])).toEqual([
        ['2601.01234', 87],
        ['2601.00987', 54],
        ['2601.09999', 1],
      ]);
    } finally {
      await app.close();
    }
  });

  it('the same paper twice in a day is stored once, with one place on the feed', async () => {
    const [first, second] = hfItemsOn(TODAY, [0, 1]);
    const hf = await hfJob({ [TODAY]: [first, second, first] });
    expect(await hf.run()).toBe('done');
    expect(await feedIds(TODAY)).toEqual(['2601.01234', '2601.00987']);
    expect(hf.lines.find((l) => l.msg === 'hugging face daily papers fetched' && l.day === TODAY)).toMatchObject({
      imported: 2,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
  });

  /** arXiv's OAI-PMH list of three pages; `answer` may answer a request itself. */
  async function arxivJob(answer: Answer = () => false) {
    server = await startServer((req, res, n) => {
      const params = new URL(req.url!, 'http://x').searchParams;
      if (!answer(res, params, n)) send(res, 200, oaiPageFor(params));
    });
    const clock = fakeClock(NOW.getTime());
    const { logger, lines } = recordingLogger();
    const config = loadConfig({ ARXIV_OAI_URL: `${server.url}/oai`, ARXIV_CATEGORIES: 'cs', HF_DAILY: 'off', DATA_DIR: '/tmp' });
    const deps = { config, store, logger };
    const job: SourceJob = arxivIngestionJob(deps, arxivClient(logger, { sleep: clock.sleep, now: clock.now, random: () => 0 }));
    const run = () => runSourceJob(deps, job, 'test', new AbortController().signal, NOW);
    return { server, clock, lines, run };
  }

  /** The nine records of the three pages (a tenth is deleted at the source). */
  const HARVESTED = [
    ...['1101.4388', '1111.1546', '1207.1019', '1306.1076', '1306.5042', '1308.3822', '1309.7543', '1310.6119', '1311.5932'],
  ];

  async function storedOf(ids: string[]): Promise<string[]> {
    const found = await Promise.all(ids.map((id) => getPaper(store, id)));
    return found.flatMap((paper) => (paper ? [paper.id] : []));
  }

  it('arXiv answering 503 with Retry-After: waits exactly that long, then harvests every page', async () => {
    const arxiv = await arxivJob((res, params, n) => {
      if (n !== 1) return false;
      send(res, 503, 'Retry later', { 'retry-after': '120' });
      return params.has('resumptionToken');
    });
    expect(await arxiv.run()).toBe('done');
    expect(arxiv.clock.sleeps).toEqual([3000, 120_000, 3000]);
    expect(await storedOf(HARVESTED)).toEqual(HARVESTED);
    expect(await readSourceStatus(store, 'arxiv')).toMatchObject({ from: addDays(TODAY, -30), papers: 9, fault: null });
  });

  it('arXiv dropping the connection mid-page: the page is fetched again whole, nothing lost', async () => {
    const arxiv = await arxivJob((res, params, n) => {
      if (n !== 1) return false;
      const page = oaiPageFor(params);
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(page)) });
      res.write(page.slice(0, page.length / 2), () => res.destroy());
      return true;
    });
    expect(await arxiv.run()).toBe('done');
    // 3 s between requests; after the drop, a 1 s backoff and the rest of the 3 s interval.
    expect(arxiv.clock.sleeps).toEqual([3000, 1000, 2000, 3000]);
    expect(arxiv.server.requests).toHaveLength(4);
    expect(await storedOf(HARVESTED)).toEqual(HARVESTED);
    expect(arxiv.lines.find((l) => l.msg === 'http')).toMatchObject({ event: 'retry', attempt: 1 });
  });

  it('arXiv saying the resumption token expired: the window restarts from its first day and completes', async () => {
    const arxiv = await arxivJob((res, params, n) => {
      if (n !== 1) return false;
      send(res, 200, fixture('oai-bad-token.xml'));
      return params.has('resumptionToken');
    });
    expect(await arxiv.run()).toBe('done');
    const asked = arxiv.server.requests.map((r) => (r.params.resumptionToken ? 'token' : r.params.from));
    expect(asked).toEqual([addDays(TODAY, -30), 'token', addDays(TODAY, -30), 'token', 'token']);
    expect(await storedOf(HARVESTED)).toEqual(HARVESTED);
    expect(arxiv.lines.find((l) => l.event === 'bad-token-restart')).toMatchObject({ msg: 'arxiv harvest', set: 'cs' });
  });
});

describe.each(DIALECTS)('the live sources schedule on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  /** A clock that moves only when the schedule sleeps, and the runs it made. */
  function scheduled(outcomes: ('fail' | 'ok')[], start = NOW.getTime()) {
    let t = start;
    const sleeps: number[] = [];
    const runs: string[] = [];
    /** The fault the status showed as each run began. */
    const faults: unknown[] = [];
    const { logger, lines } = recordingLogger();
    const job: SourceJob = {
      source: 'hf-daily',
      label: 'test source',
      schedule: '7 * * * *',
      retryMs: 60_000,
      maxRetryMs: 3_600_000,
      async run(now) {
        runs.push(now.toISOString());
        faults.push((await readSourceStatus(store, 'hf-daily')).fault);
        if (runs.length === outcomes.length) handle.stop();
        if (outcomes[runs.length - 1] === 'fail') throw new Error('no route to host');
      },
    };
    const handle = scheduleSourceJob({ store, logger }, job, {
      now: () => t,
      sleep: async (ms) => {
        sleeps.push(ms);
        t += ms;
      },
    });
    return { handle, sleeps, runs, faults, lines };
  }

  it('runs at once on a first start, retries a failure after 1, 2, 4 minutes, then keeps to the hourly schedule', async () => {
    const s = scheduled(['fail', 'fail', 'fail', 'ok', 'ok']);
    await s.handle.stopped;
    expect(s.runs).toEqual([
      '2026-01-05T12:00:00.000Z',
      '2026-01-05T12:01:00.000Z',
      '2026-01-05T12:03:00.000Z',
      '2026-01-05T12:07:00.000Z',
      '2026-01-05T13:07:00.000Z',
    ]);
    expect(s.sleeps).toEqual([0, 60_000, 120_000, 240_000, 3_600_000]);
    expect(s.lines.filter((l) => l.msg.startsWith('test source: retrying at')).map((l) => l.retryAt)).toEqual([
      '2026-01-05T12:01:00.000Z',
      '2026-01-05T12:03:00.000Z',
      '2026-01-05T12:07:00.000Z',
    ]);
    expect(await readSourceStatus(store, 'hf-daily')).toMatchObject({ lastSuccessAt: '2026-01-05T13:07:00.000Z', fault: null });
  });

  it('notes when the next attempt is due, for the page', async () => {
    const s = scheduled(['fail', 'ok']);
    await s.handle.stopped;
    expect(s.faults).toEqual([
      null,
      { message: 'failed: no route to host', at: '2026-01-05T12:00:00.000Z', retryAt: '2026-01-05T12:01:00.000Z' },
    ]);
    expect((await readSourceStatus(store, 'hf-daily')).fault).toBeNull();
  });

  it('a restart after a finished run waits for the next scheduled time instead of fetching again', async () => {
    await updateSourceStatus(store, 'hf-daily', () => ({ lastSuccessAt: '2026-01-05T11:30:00.000Z' }));
    const s = scheduled(['ok']);
    await s.handle.stopped;
    expect(s.runs).toEqual(['2026-01-05T12:07:00.000Z']);
    expect(s.lines.find((l) => l.msg === 'test source: up to date; next run scheduled')?.next).toBe('2026-01-05T12:07:00.000Z');
  });
});
