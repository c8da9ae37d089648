/**
 * The hub at scale: a corpus of --papers arXiv listings (the shared 74,728, repeated with each
 * copy's ids and listing dates moved 17 months earlier, so every id is new), written to a JSON
 * Lines file and imported from it into a fresh store in a child process (rate and peak RSS); then the engagement of a live hub: the
 * 5,000 newest papers on the feeds (50 a day over the 100 days up to today) and 100,000 votes
 * by 5,000 members on them (bench/bench-votes.ts), and trending recomputed once as the hourly
 * job does. Then `dailypapers serve` started on it with no search index snapshot (cold: it
 * builds the index) and then --starts times with the snapshot that start left: the time from
 * spawning the process to /healthz and to the first answered search, the server's RSS, and
 * p50/p99 of the routes below after a warm-up, one request at a time. Every timed request
 * misses the response cache (src/web/response-cache.ts keys on the URL: each carries its own
 * `_bench=N`, a parameter no route reads). Beside the RSS, the index's own arrays as serve
 * logs them (postings, positions, per-paper columns, query scratch).
 *
 * `--keep DIR` keeps the store (the SQLite file, or for PostgreSQL the database, named in
 * DIR/database-url) and the snapshot in DIR; `--reuse DIR` measures such a store again without
 * importing (and, when DIR holds a snapshot, without the cold start).
 *
 *   npm run bench:scale -- --papers 250000 [--data ../shared/data] [--store sqlite|postgres] [--starts 3]
 *                          [--keep DIR | --reuse DIR]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { addDays, formatDay, monthOf, weekOf } from '../src/core/dates.ts';
import { openStore, type Store } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { recomputeTrending } from '../src/rank/trending.ts';
import { SNAPSHOT_FILE } from '../src/search/index.ts';
import { addFeedEntries, countFeedEntries, latestFeedDay } from '../src/store/feed.ts';
import { type BenchStoreKind, parseStoreKind } from './bench-store.ts';
import { insertMembers, insertVotes, zipfVotes } from './bench-votes.ts';
import { seededRandom } from '../src/core/seeded-random.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '75000' },
    data: { type: 'string', default: '../shared/data' },
    store: { type: 'string', default: 'sqlite' },
    starts: { type: 'string', default: '3' },
    keep: { type: 'string' },
    reuse: { type: 'string' },
    worker: { type: 'string' },
    target: { type: 'string' },
  },
});
const PAPERS = Number(values.papers);
const LISTINGS = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
const ROOT = join(import.meta.dirname, '..');
// Requests sent, numbering each request's `_bench` (uncached()).
let requests = 0;
const SHIFT_MONTHS = 17; // the listings span 2025-03 … 2026-07
// A live hub's engagement (see engage()).
const FEED_PAPERS = 5000;
const FEED_PER_DAY = 50;
const MEMBERS = 5000;
const VOTES = 100_000;
const DAY_MS = 86_400_000;
/** What serve logs once a cold start's index of the whole archive is in place (built here, or in a worker process). */
const WHOLE_INDEX_LANDED = [
  'search index snapshot written',
  'search index built in a worker process and loaded from its snapshot',
];

const QUERIES = [
  'model',
  'large language models',
  'diffusion',
  'graph neural network',
  'reinforcement learning from human feedback',
  'retrieval augmented generation',
  'quantum',
  'protein structure',
  'vision transformer',
  '"chain of thought"',
  'speech recognition',
  'federated learning privacy',
  'mixture of experts',
  'robot manipulation',
  'author:Wang',
  'benchmark -survey',
  'sparse attention',
  'causal inference',
  'medical image segmentation',
  'time series forecasting',
];

if (values.worker === 'import') {
  console.log(JSON.stringify(await importCorpus(values.target!)));
} else {
  await main();
}

/** The listings, copy after copy, each copy's ids and dates moved back by 17 months more. */
async function* corpus(papers: number): AsyncGenerator<string> {
  let sent = 0;
  for (let copy = 0; sent < papers; copy++) {
    const lines = createInterface({ input: createReadStream(LISTINGS).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (sent === papers) break;
      yield `${copy === 0 ? line : shifted(line, copy * SHIFT_MONTHS)}\n`;
      sent++;
    }
    lines.close();
  }
}

function shifted(line: string, months: number): string {
  return line
    .replace(/"id": "(\d\d)(\d\d)\./, (_, yy: string, mm: string) => {
      const at = monthIndex(2000 + Number(yy), Number(mm)) - months;
      return `"id": "${String(Math.floor(at / 12) % 100).padStart(2, '0')}${String((at % 12) + 1).padStart(2, '0')}.`;
    })
    .replace(/"listing_date": "(\d{4})-(\d\d)-(\d\d)/, (_, yyyy: string, mm: string, dd: string) => {
      const at = monthIndex(Number(yyyy), Number(mm)) - months;
      // The 29th–31st may not exist in the month it moves to.
      const day = String(Math.min(Number(dd), 28)).padStart(2, '0');
      return `"listing_date": "${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}-${day}`;
    });
}

function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

function storeTarget(target: string) {
  return target.startsWith('postgres://')
    ? ({ dialect: 'postgres', url: target } as const)
    : ({ dialect: 'sqlite', file: target } as const);
}

/**
 * The corpus written to a JSON Lines file first (not timed: generating it is the bench's work, not
 * the import's), then imported from that file as `dailypapers import` reads one.
 */
async function importCorpus(target: string) {
  const folder = mkdtempSync(join(tmpdir(), 'dp-bench-corpus-'));
  const file = join(folder, 'corpus.jsonl');
  try {
    await pipeline(Readable.from(corpus(PAPERS)), createWriteStream(file));
    const store = await openStore(storeTarget(target));
    const started = performance.now();
    const { items } = await openImportStream(createReadStream(file), 'arxiv-listing');
    const summary = await importPapers(store, items, { feedCategories: [] });
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    return {
      imported: summary.imported,
      rejected: summary.rejected,
      seconds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kind = parseStoreKind(values.store);
  const kept = values.reuse ?? values.keep;
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'dp-bench-scale-'));
  mkdirSync(dataDir, { recursive: true });
  const database = values.reuse ? reusedDatabase(kind, values.reuse) : await newDatabase(kind, dataDir);
  try {
    console.log(`scale: ${PAPERS} papers on ${kind}  (load ${loadAverage()})`);
    if (!values.reuse) await importInChild(database);
    const store = await openStore(storeTarget(database));
    if ((await countFeedEntries(store)) === 0) await engage(store, dataDir);
    // This machine's PostgreSQL runs with autovacuum off, so a fresh import has no statistics and
    // its plans are guesses (the cold index build read 1,000 papers in 2 s); a server's autovacuum
    // analyzes a table soon after a million inserts. SQLite analyzes only when told: left as is.
    if (kind === 'postgres') await sql`ANALYZE`.execute(store.db);
    console.log(`database: ${((await databaseBytes(kind, database)) / 1e6).toFixed(0)} MB`);
    const paths = await routes(store);
    await store.close();

    const env = { DATA_DIR: dataDir, ...(kind === 'postgres' ? { DATABASE_URL: database } : {}) };
    let cold: Start | null = null;
    if (existsSync(join(dataDir, SNAPSHOT_FILE))) {
      console.log('cold start skipped: the reused store has a snapshot');
    } else {
      cold = await start(env, paths, true);
      report('cold start (no snapshot)', [cold]);
    }
    console.log(`snapshot: ${(statSync(join(dataDir, SNAPSHOT_FILE)).size / 1e6).toFixed(0)} MB`);
    const warm: Start[] = [];
    for (let i = 0; i < Number(values.starts); i++) warm.push(await start(env, paths, i === 0));
    report(`start with the snapshot (median of ${warm.length})`, warm);
    console.log(
      `routes after warm-up (20 paths × 3 rounds, sequential, uncached), ${cold ? 'cold start while the archive is indexed · cold start after · ' : ''}first snapshot start  (load ${loadAverage()}):`,
    );
    for (const [route, times] of Object.entries(warm[0]!.routes!)) {
      const columns = [cold?.routes![route], cold?.settledRoutes?.[route], times].filter((t) => t !== undefined);
      console.log(
        `  ${route.padEnd(40)} ${columns.map((t) => `p50 ${fmt(percentile(t, 50))}  p99 ${fmt(percentile(t, 99))}`).join('   ·  ')}`,
      );
    }
    if (cold?.slowest) console.log(`  slowest, cold start while the archive is indexed:\n    ${cold.slowest}`);
    if (cold?.settledSlowest) console.log(`  slowest, cold start after:\n    ${cold.settledSlowest}`);
    console.log(`  slowest, first snapshot start:\n    ${warm[0]!.slowest}`);
  } finally {
    if (!kept) {
      rmSync(dataDir, { recursive: true, force: true });
      if (kind === 'postgres') await admin(`DROP DATABASE IF EXISTS ${database.split('/').pop()} WITH (FORCE)`);
    } else console.log(`kept in ${dataDir}: measure it again with --reuse ${dataDir}`);
  }
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function newDatabase(kind: BenchStoreKind, dataDir: string): Promise<string> {
  if (kind === 'sqlite') {
    const file = join(dataDir, 'dailypapers.sqlite');
    if (existsSync(file)) throw new Error(`${dataDir} holds a store already: measure it with --reuse`);
    return file;
  }
  const url = await createPostgresDatabase();
  writeFileSync(join(dataDir, 'database-url'), url);
  return url;
}

function reusedDatabase(kind: BenchStoreKind, dataDir: string): string {
  const database =
    kind === 'sqlite' ? join(dataDir, 'dailypapers.sqlite') : readFileSync(join(dataDir, 'database-url'), 'utf8').trim();
  if (kind === 'sqlite' && !existsSync(database)) throw new Error(`no store kept in ${dataDir}`);
  return database;
}

/** Imports the corpus in a child process, so its rate and peak RSS are the import's alone. */
async function importInChild(database: string): Promise<void> {
  if (!existsSync(LISTINGS)) throw new Error(`no listings at ${LISTINGS}; pass --data`);
  const args = ['--import', 'tsx', join(ROOT, 'bench/scale.ts'), '--worker', 'import', '--target', database];
  const output = execFileSync(process.execPath, [...args, '--papers', String(PAPERS), '--data', values.data!], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const imported = JSON.parse(output.trim().split('\n').pop()!) as {
    imported: number;
    rejected: number;
    seconds: number;
    maxRssMb: number;
  };
  console.log(
    `import: ${imported.imported} papers (${imported.rejected} rejected) in ${imported.seconds.toFixed(1)} s = ${Math.round(imported.imported / imported.seconds)} papers/s, max RSS ${Math.round(imported.maxRssMb)} MB`,
  );
}

/**
 * A live hub's engagement: the newest papers on the feeds, as the automatic rule places them
 * (source `rule`, addFeedEntries) but on the days up to today, so the trending window and the
 * latest day hold them; Zipf-like votes on them, the busiest the newest, cast between the
 * paper's feed day and now (at most 30 days after); then the hourly trending recompute.
 */
async function engage(store: Store, dataDir: string): Promise<void> {
  const now = new Date();
  const today = formatDay(now);
  const started = performance.now();
  const newest = await store.db
    .selectFrom('papers')
    .select('id')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(FEED_PAPERS)
    .execute();
  const feed = newest.map((row, i) => ({ paperId: row.id, day: addDays(today, -Math.floor(i / FEED_PER_DAY)) }));
  await addFeedEntries(
    store.db,
    feed.map((entry) => ({ ...entry, source: 'rule' as const, rank: null, submittedBy: null })),
    now,
  );
  const members = await insertMembers(store, MEMBERS);
  const votes = zipfVotes(feed, members, VOTES, {
    paperId: (entry) => entry.paperId,
    castAt: (entry, u) => {
      const from = Date.parse(entry.day);
      return new Date(from + u * Math.min(30 * DAY_MS, now.getTime() - from)).toISOString();
    },
    random: seededRandom(42),
  });
  await insertVotes(store, votes);
  const inserted = performance.now();
  const settings = loadConfig({ DATA_DIR: dataDir, SECRET: 'bench', LOG_LEVEL: 'silent' }).trending;
  const ranked = await recomputeTrending(store, settings, now);
  console.log(
    `engagement: ${feed.length} papers on the feeds (${FEED_PER_DAY} a day up to ${today}), ${votes.length} votes by ${members.length} members in ${fmt(inserted - started)}; ` +
      `trending recomputed in ${fmt(performance.now() - inserted)} (${ranked.papers} ranked papers)`,
  );
}

interface Start {
  healthMs: number;
  searchMs: number;
  rssMb: number;
  /** What serve logged: reading the snapshot (ms), or building the index (ms from spawn to the snapshot written). */
  loadMs?: number;
  /** Of loadMs, the read of the file and the index made, without asking the database for its identity first. */
  readMs?: number;
  /** The index's arrays in MB by part, as serve logged them on loading the snapshot or writing it. */
  indexMb?: Record<string, number>;
  warmRssMb?: number;
  routes?: Record<string, number[]>;
  /** A cold start: spawn → the whole archive's index in place; the routes and RSS after it. */
  wholeMs?: number;
  settledRoutes?: Record<string, number[]>;
  settledRssMb?: number;
  /** RSS sampled every 100 ms while the routes were timed: one reading at the end catches V8's heap anywhere in its cycle. */
  routesRssMb?: number[];
  settledRoutesRssMb?: number[];
  /** The slowest requests of each timing (slowest()). */
  slowest?: string;
  settledSlowest?: string;
}

/** Runs `work` while sampling the process's RSS every 100 ms. */
async function sampleRss<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; rssMb: number[] }> {
  const rssMb: number[] = [];
  const timer = setInterval(() => rssMb.push(rssOf(pid)), 100);
  try {
    return { value: await work(), rssMb };
  } finally {
    clearInterval(timer);
  }
}

/** One timed request: the URL sent and the time to its last byte here. */
interface Timed {
  url: string;
  ms: number;
  /** When it was sent, in ms since the epoch (as serve's log times its lines). */
  sentAt: number;
}

/** Each route's paths timed one request at a time, three rounds, every request past the response cache. */
async function timeRoutes(
  url: string,
  paths: Record<string, string[]>,
): Promise<{ routes: Record<string, number[]>; sent: Timed[] }> {
  const routes: Record<string, number[]> = {};
  const sent: Timed[] = [];
  for (const [route, list] of Object.entries(paths)) {
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const path of list) {
        const sentUrl = uncached(path);
        const t = performance.now();
        const response = await fetch(`${url}${sentUrl}`, { redirect: 'manual' });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        times.push(performance.now() - t);
        sent.push({ url: sentUrl, ms: times.at(-1)!, sentAt: performance.timeOrigin + t });
      }
    }
    routes[route] = times;
  }
  return { routes, sent };
}

/**
 * The slowest requests of a timing, each beside the time serve logged for it (its own handling,
 * without the network and this client) and how long after it was sent serve began it (its log
 * line's time less its time: to the millisecond, the resolution of the log's clock).
 */
function slowest(sent: Timed[], log: string, count = 5): string {
  const served = new Map<string, { ms: number; time: number }>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{"') || !line.includes('"msg":"request"')) continue;
    const entry = JSON.parse(line) as { url?: string; ms?: number; time: number };
    if (entry.url && entry.ms !== undefined) served.set(entry.url, { ms: entry.ms, time: entry.time });
  }
  return [...sent]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map(({ url, ms, sentAt }) => {
      const entry = served.get(url);
      const seen = entry
        ? `served in ${fmt(entry.ms)}, begun ${Math.round(entry.time - entry.ms - sentAt)} ms after it was sent`
        : 'not in the log';
      return `${fmt(ms)} (${seen}) ${url.replace(/[?&]_bench=\d+/, '')}`;
    })
    .join('\n    ');
}

/** Spawns serve, times /healthz and the first search, and (when asked) the routes; stops it with SIGTERM. */
async function start(env: Record<string, string>, paths: Record<string, string[]>, measureRoutes: boolean): Promise<Start> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), 'serve'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ARXIV_CATEGORIES: 'none',
      HF_DAILY: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  try {
    await until(child, () =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    );
    const healthMs = performance.now() - started;
    await until(child, () =>
      fetch(`${url}/api/papers/search?q=model&limit=20`).then(
        (r) => r.ok,
        () => false,
      ),
    );
    const searchMs = performance.now() - started;
    const rssMb = rssOf(child.pid!);
    const loaded = logged(log, 'search index loaded from its snapshot');
    const result: Start = { healthMs, searchMs, rssMb, loadMs: loaded?.ms, readMs: loaded?.readMs, indexMb: loaded?.memoryMb };
    if (measureRoutes) {
      for (const list of Object.values(paths))
        for (const path of list) await fetch(`${url}${uncached(path)}`).then((r) => r.arrayBuffer());
      const sampled = await sampleRss(child.pid!, () => timeRoutes(url, paths));
      result.routes = sampled.value.routes;
      result.routesRssMb = sampled.rssMb;
      result.slowest = slowest(sampled.value.sent, log);
      result.warmRssMb = rssOf(child.pid!);
    }
    // A cold start indexes the whole archive in the background (in a worker process when it can)
    // and writes the snapshot: wait for it, then time the routes again on the settled server.
    const cold = log.includes('rebuilding the search index');
    await until(child, async () => !cold || WHOLE_INDEX_LANDED.some((line) => log.includes(line)));
    if (cold) {
      result.wholeMs = performance.now() - started;
      if (measureRoutes) {
        const settled = await sampleRss(child.pid!, () => timeRoutes(url, paths));
        result.settledRoutes = settled.value.routes;
        result.settledRoutesRssMb = settled.rssMb;
        result.settledSlowest = slowest(settled.value.sent, log);
        result.settledRssMb = rssOf(child.pid!);
      }
    }
    result.indexMb ??= (logged(log, WHOLE_INDEX_LANDED[0]!) ?? logged(log, WHOLE_INDEX_LANDED[1]!))?.memoryMb;
    return result;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Each route's paths, 20 a route: the feeds (latest day, a day, its week and month, the daily
 * API), trending, 20 searches by API and page, the page with each filter, 20 authors' searches,
 * paper pages with similar papers (archive and feed), the cursor listing 90 % deep.
 */
async function routes(store: Store): Promise<Record<string, string[]>> {
  const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM papers`.execute(store.db)).rows[0]!.n);
  const sample = await sql<{
    id: string;
    authors: string;
  }>`SELECT id, authors FROM papers ORDER BY doc_id LIMIT 20 OFFSET ${Math.floor(total / 3)}`.execute(store.db);
  const onFeed = await store.db
    .selectFrom('feed_entries')
    .select('paper_id')
    .orderBy('day', 'desc')
    .orderBy('paper_id')
    .limit(20)
    .execute();
  const deep = await sql<{ published_at: string | null; id: string }>`SELECT published_at, id FROM papers
    ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ${Math.floor(total * 0.9)}`.execute(store.db);
  const cursor = Buffer.from(JSON.stringify([deep.rows[0]!.published_at ?? '', deep.rows[0]!.id])).toString('base64url');
  // The corpus's last three listed months: the search filter's date range.
  const newest = await store.db
    .selectFrom('papers')
    .select('published_at')
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const to = newest.published_at!.slice(0, 10);
  const from = addDays(to, -90);
  const day = (await latestFeedDay(store))!;
  const q = (text: string) => encodeURIComponent(text);
  const twenty = (path: string) => Array.from({ length: 20 }, () => path);
  return {
    'GET /papers (latest day)': twenty('/papers'),
    'GET /papers/date/{day}': twenty(`/papers/date/${addDays(day, -1)}`),
    'GET /papers/week/{week}': twenty(`/papers/week/${weekOf(day)}`),
    'GET /papers/month/{month}': twenty(`/papers/month/${monthOf(day)}`),
    'GET /api/daily_papers': twenty('/api/daily_papers'),
    'GET /api/daily_papers?sort=trending': twenty('/api/daily_papers?sort=trending'),
    'GET /papers/trending': twenty('/papers/trending'),
    'GET /api/papers/search?q=': QUERIES.map((text) => `/api/papers/search?q=${q(text)}&limit=20`),
    'GET /papers?q= (page)': QUERIES.map((text) => `/papers?q=${q(text)}`),
    'GET /papers?q=&category=cs.CL': QUERIES.map((text) => `/papers?q=${q(text)}&category=cs.CL`),
    'GET /papers?q=&from=&to= (90 days)': QUERIES.map((text) => `/papers?q=${q(text)}&from=${from}&to=${to}`),
    'GET /papers?q=&hasCode=true': QUERIES.map((text) => `/papers?q=${q(text)}&hasCode=true`),
    'GET /papers?by= (author)': sample.rows.map((row) => `/papers?by=${q((JSON.parse(row.authors) as string[])[0]!)}`),
    'GET /papers/{id} (archive)': sample.rows.map((row) => `/papers/${row.id}`),
    'GET /papers/{id} (on a feed)': onFeed.map((row) => `/papers/${row.paper_id}`),
    'GET /api/papers?cursor= (90% deep)': twenty(`/api/papers?cursor=${cursor}&limit=50`),
  };
}

// The response cache keys on the URL: a parameter no route reads makes every request a miss.
function uncached(path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}_bench=${++requests}`;
}

function logged(log: string, msg: string): { ms: number; readMs?: number; memoryMb?: Record<string, number> } | undefined {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; ms: number; memoryMb?: Record<string, number> })
    .find((line) => line.msg === msg);
}

function report(title: string, starts: Start[]): void {
  const median = (pick: (s: Start) => number) => percentile(starts.map(pick), 50);
  console.log(
    `${title}: /healthz ${fmt(median((s) => s.healthMs))}, first search ${fmt(median((s) => s.searchMs))}, RSS then ${Math.round(median((s) => s.rssMb))} MB` +
      (starts[0]!.loadMs !== undefined
        ? `, snapshot loaded in ${fmt(median((s) => s.loadMs!))} (serve's log; the read and the index made ${fmt(median((s) => s.readMs ?? s.loadMs!))})`
        : '') +
      (starts[0]!.warmRssMb ? `, after the routes ${Math.round(starts[0]!.warmRssMb)} MB` : '') +
      (starts[0]!.wholeMs !== undefined ? `; whole archive indexed ${fmt(starts[0]!.wholeMs)} from spawn` : '') +
      (starts[0]!.settledRssMb ? `, RSS after the routes again ${Math.round(starts[0]!.settledRssMb)} MB` : '') +
      rssRange(', RSS while the routes ran', starts[0]!.routesRssMb) +
      rssRange(', while they ran again', starts[0]!.settledRoutesRssMb) +
      (starts.length > 1 ? `  (first search: ${starts.map((s) => fmt(s.searchMs)).join(', ')})` : ''),
  );
  const index = starts[0]!.indexMb;
  if (index) {
    console.log(
      `  index arrays: ${index.total} MB (${Object.entries(index)
        .filter(([part]) => part !== 'total')
        .map(([part, mb]) => `${part} ${mb}`)
        .join(', ')}) beside RSS ${Math.round(starts[0]!.rssMb)} MB`,
    );
  }
}

function rssRange(label: string, samples: number[] | undefined): string {
  if (!samples?.length) return '';
  const mb = (p: number) => Math.round(percentile(samples, p));
  return `${label}: median ${mb(50)} MB, max ${mb(100)} MB`;
}

async function until(child: ChildProcess, ok: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with status ${child.exitCode}`);
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

async function databaseBytes(kind: string, database: string): Promise<number> {
  if (kind === 'sqlite')
    return [database, `${database}-wal`].filter(existsSync).reduce((sum, file) => sum + statSync(file).size, 0);
  const name = database.split('/').pop()!;
  return Number((await admin(`SELECT pg_database_size('${name}') AS bytes`))[0]!.bytes);
}

async function createPostgresDatabase(): Promise<string> {
  const name = `dp_bench_scale_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

async function admin(text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({
    connectionString: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
