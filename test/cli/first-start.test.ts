/**
 * A newcomer's first start, end to end: `dailypapers serve` (what `npm start` runs) with no
 * configuration but a data folder and a port, its two live sources answered by local servers
 * that speak Hugging Face's daily-papers API and arXiv's OAI-PMH.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDay } from '../../src/core/dates.ts';
import {
  closedPortUrl,
  hfItemsOn,
  oaiPageFor,
  send,
  startServer,
  type TestServer,
} from '../../src/ingest/testdata/live/test-server.ts';
import { CLI_ENTRY } from '../support/cli.ts';
import { freePort, waitForHealth } from '../support/net.ts';

// Vitest puts Vite's BASE_URL (and MODE, DEV…) into process.env; nothing of the test's own may leak in.
const { BASE_URL: _vite, HF_DAILY: _hf, ARXIV_CATEGORIES: _arxiv, DATABASE_URL: _db, ...inherited } = process.env;

interface Serve {
  url: string;
  /** The structured log lines so far. */
  logs: { msg: string; [field: string]: unknown }[];
  /** Resolves when a log line starting with `msg` has been written. */
  logged(msg: string): Promise<void>;
  /** SIGTERM to the process group; resolves with the exit code. */
  stop(): Promise<number | null>;
}

async function startServe(env: Record<string, string>): Promise<Serve> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...CLI_ENTRY, 'serve'], {
    env: { ...inherited, ...env, PORT: String(port), LOG_LEVEL: 'info' },
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs: Serve['logs'] = [];
  const waiters: { msg: string; resolve: () => void }[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const entry = JSON.parse(line) as Serve['logs'][number];
      logs.push(entry);
      for (const w of waiters.filter((w) => entry.msg.startsWith(w.msg))) w.resolve();
    }
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return {
    url,
    logs,
    logged: (msg) =>
      logs.some((l) => l.msg.startsWith(msg)) ? Promise.resolve() : new Promise((resolve) => waiters.push({ msg, resolve })),
    stop: () => {
      process.kill(-child.pid!, 'SIGTERM');
      return exited;
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const today = formatDay(new Date());
const yesterday = addDays(today, -1);
/** Hugging Face's picks: three today, two yesterday (fixture positions; the 4th item is malformed). */
const PICKS: Record<string, number[]> = { [today]: [0, 1, 2], [yesterday]: [4, 5] };

describe('the first start of a fresh hub', () => {
  let hf: TestServer;
  let oai: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    hf = await startServer((req, res) => {
      const params = new URL(req.url!, 'http://x').searchParams;
      send(res, 200, JSON.stringify(hfItemsOn(params.get('date')!, PICKS[params.get('date')!] ?? [])), {
        'content-type': 'application/json',
      });
    });
    oai = await startServer((req, res) => send(res, 200, oaiPageFor(new URL(req.url!, 'http://x').searchParams)));
    env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-first-start-')),
      HF_API_URL: hf.url,
      ARXIV_OAI_URL: `${oai.url}/oai`,
      // Submitting a paper would look it up here; nothing in this test does.
      ARXIV_API_URL: `${await closedPortUrl()}/api/query`,
      // The nightly harvest (01:30 UTC by default) must not fire during the test and add requests.
      INGEST_SCHEDULE: `0 ${(new Date().getUTCHours() + 12) % 24} * * *`,
    };
  });
  afterAll(async () => {
    await hf.close();
    await oai.close();
  });

  it("fills the daily feed from Hugging Face's picks and the archive from arXiv, and a second start fetches nothing again", async () => {
    const first = await startServe(env);
    try {
      const started = Date.now();
      // The daily feed: today's picks, with Hugging Face's upvotes, submitter and rank order.
      const daily = await until('the daily feed', async () => {
        const items = (await (await fetch(`${first.url}/api/daily_papers`)).json()) as {
          paper: { id: string; upvotes: number };
          submittedBy: { user?: string; name?: string };
        }[];
        return items.length === 3 ? items : undefined;
      });
      // The API's default order is the entry time Hugging Face gave each pick (its publishedAt);
      // compared here by upvotes, the order the page shows.
      expect(daily.map((i) => [i.paper.id, i.paper.upvotes]).sort((a, b) => Number(b[1]) - Number(a[1]))).toEqual([
        ['2601.01234', 87],
        ['2601.00987', 54],
        ['2601.01502', 31],
      ]);
      const page = await (await fetch(`${first.url}/papers`)).text();
      expect(page).toContain('Sparse Mixture Routing for Long-Context Language Models');

      // The archive: an arXiv paper in cs.LG that no feed carries, found by search.
      const found = await until('an archive paper in search', async () => {
        const hits = (await (await fetch(`${first.url}/api/papers/search?q=banach`)).json()) as { paper: { id: string } }[];
        return hits.length > 0 ? hits : undefined;
      });
      expect(found.map((h) => h.paper.id)).toEqual(['1101.4388']);
      expect(Date.now() - started).toBeLessThan(120_000);

      await first.logged('hugging face daily papers: up to date');
      await first.logged('arxiv harvest: up to date');
      const yesterdays = (await (await fetch(`${first.url}/api/daily_papers?date=${yesterday}`)).json()) as unknown[];
      expect(yesterdays).toHaveLength(2);
      // The backfill asked for each of the last 30 days once, today first; arXiv from 30 days back.
      const days = hf.requests.map((r) => r.params.date);
      expect(days).toHaveLength(30);
      expect(new Set(days).size).toBe(30);
      expect(days[0]).toBe(today);
      expect(days.at(-1)).toBe(addDays(today, -29));
      expect(oai.requests[0]!.params).toMatchObject({ verb: 'ListRecords', set: 'cs', from: addDays(today, -30), until: today });
      expect(oai.requests).toHaveLength(3);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const hfBefore = hf.requests.length;
    const oaiBefore = oai.requests.length;
    const second = await startServe(env);
    try {
      await second.logged('hugging face daily papers: up to date');
      await second.logged('arxiv harvest: up to date');
      const late = hf.requests.slice(hfBefore).map((r) => r.params.date!);
      // Nothing is due again so soon; a start that crossed the hourly run refreshes a week at most.
      expect(late.every((day) => day >= addDays(today, -6))).toBe(true);
      expect(oai.requests.slice(oaiBefore).every((r) => r.params.resumptionToken || r.params.from! >= yesterday)).toBe(true);
      expect(((await (await fetch(`${second.url}/api/daily_papers`)).json()) as unknown[]).length).toBe(3);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 120_000);
});
