/**
 * The hub at scale: a corpus of --papers arXiv listings (the shared 74,728, repeated with each
 * copy's ids and listing dates moved 17 months earlier, so every id is new), imported into a
 * fresh store in a child process (rate and peak RSS), then `dailypapers serve` started on it
 * with no search index snapshot (cold: it builds the index) and then --starts times with the
 * snapshot that start left: the time from spawning the process to /healthz and to the first
 * answered search, the server's RSS, and p50/p99 of the routes below after a warm-up, one
 * request at a time. Beside the RSS, the index's own arrays as serve logs them (postings,
 * positions, per-paper columns, query scratch).
 *
 *   npm run bench:scale -- --papers 250000 [--data ../shared/data] [--store sqlite|postgres] [--starts 3]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { SNAPSHOT_FILE } from '../src/search/index.ts';
import { parseStoreKind } from './bench-store.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '75000' },
    data: { type: 'string', default: '../shared/data' },
    store: { type: 'string', default: 'sqlite' },
    starts: { type: 'string', default: '3' },
    worker: { type: 'string' },
    target: { type: 'string' },
  },
});
const PAPERS = Number(values.papers);
const LISTINGS = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
const ROOT = join(import.meta.dirname, '..');
const SHIFT_MONTHS = 17; // the listings span 2025-03 … 2026-07

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

async function importCorpus(target: string) {
  const store = await openStore(storeTarget(target));
  const started = performance.now();
  const { items } = await openImportStream(corpus(PAPERS), 'arxiv-listing');
  const summary = await importPapers(store, items, { feedCategories: [] });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return {
    imported: summary.imported,
    rejected: summary.rejected,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function main(): Promise<void> {
  if (!existsSync(LISTINGS)) throw new Error(`no listings at ${LISTINGS}; pass --data`);
  const kind = parseStoreKind(values.store);
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-bench-scale-'));
  const database = kind === 'sqlite' ? join(dataDir, 'dailypapers.sqlite') : await createPostgresDatabase();
  try {
    console.log(
      `scale: ${PAPERS} papers on ${kind}  (load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
    );
    const imported = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'bench/scale.ts'),
          '--worker',
          'import',
          '--target',
          database,
          '--papers',
          String(PAPERS),
          '--data',
          values.data!,
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
        .trim()
        .split('\n')
        .pop()!,
    ) as { imported: number; rejected: number; seconds: number; maxRssMb: number };
    console.log(
      `import: ${imported.imported} papers (${imported.rejected} rejected) in ${imported.seconds.toFixed(1)} s = ${Math.round(imported.imported / imported.seconds)} papers/s, max RSS ${Math.round(imported.maxRssMb)} MB`,
    );
    console.log(`database: ${((await databaseBytes(kind, database)) / 1e6).toFixed(0)} MB`);

    const env = { DATA_DIR: dataDir, ...(kind === 'postgres' ? { DATABASE_URL: database } : {}) };
    const probe = await openStore(storeTarget(database));
    const paths = await routes(probe);
    await probe.close();

    const cold = await start(env, paths, true);
    report('cold start (no snapshot)', [cold]);
    console.log(`snapshot: ${(statSync(join(dataDir, SNAPSHOT_FILE)).size / 1e6).toFixed(0)} MB`);
    const warm: Start[] = [];
    for (let i = 0; i < Number(values.starts); i++) warm.push(await start(env, paths, i === 0));
    report(`start with the snapshot (median of ${warm.length})`, warm);
    console.log('routes after warm-up (20 queries × 3, or 20 requests; sequential), cold start · first snapshot start:');
    for (const [route, times] of Object.entries(cold.routes!)) {
      const again = warm[0]!.routes![route]!;
      console.log(
        `  ${route.padEnd(34)} p50 ${fmt(percentile(times, 50))}  p99 ${fmt(percentile(times, 99))}   ·  p50 ${fmt(percentile(again, 50))}  p99 ${fmt(percentile(again, 99))}`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') await admin(`DROP DATABASE IF EXISTS ${database.split('/').pop()} WITH (FORCE)`);
  }
}

interface Start {
  healthMs: number;
  searchMs: number;
  rssMb: number;
  /** What serve logged: reading the snapshot (ms), or building the index (ms from spawn to the snapshot written). */
  loadMs?: number;
  /** The index's arrays in MB by part, as serve logged them on loading the snapshot or writing it. */
  indexMb?: Record<string, number>;
  warmRssMb?: number;
  routes?: Record<string, number[]>;
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
    const result: Start = { healthMs, searchMs, rssMb, loadMs: loaded?.ms, indexMb: loaded?.memoryMb };
    if (measureRoutes) {
      for (const list of Object.values(paths)) for (const path of list) await fetch(`${url}${path}`).then((r) => r.arrayBuffer());
      result.routes = {};
      for (const [route, list] of Object.entries(paths)) {
        const times: number[] = [];
        for (let round = 0; round < 3; round++) {
          for (const path of list) {
            const t = performance.now();
            const response = await fetch(`${url}${path}`);
            await response.arrayBuffer();
            if (!response.ok) throw new Error(`${path}: ${response.status}`);
            times.push(performance.now() - t);
          }
        }
        result.routes[route] = times;
      }
      result.warmRssMb = rssOf(child.pid!);
    }
    // A cold start writes the snapshot in the background: let it finish before stopping.
    await until(child, async () => !log.includes('rebuilding the search index') || log.includes('search index snapshot written'));
    result.indexMb ??= logged(log, 'search index snapshot written')?.memoryMb;
    return result;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** Each route's paths: 20 searches by API and page, the feeds, 20 paper pages, the deep cursor. */
async function routes(store: Store): Promise<Record<string, string[]>> {
  const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM papers`.execute(store.db)).rows[0]!.n);
  const sample = await sql<{
    id: string;
  }>`SELECT id FROM papers ORDER BY doc_id LIMIT 20 OFFSET ${Math.floor(total / 3)}`.execute(store.db);
  const deep = await sql<{ published_at: string | null; id: string }>`SELECT published_at, id FROM papers
    ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ${Math.floor(total * 0.9)}`.execute(store.db);
  const cursor = Buffer.from(JSON.stringify([deep.rows[0]!.published_at ?? '', deep.rows[0]!.id])).toString('base64url');
  const q = (text: string) => encodeURIComponent(text);
  return {
    'GET /api/papers/search?q=': QUERIES.map((text) => `/api/papers/search?q=${q(text)}&limit=20`),
    'GET /papers?q= (page)': QUERIES.map((text) => `/papers?q=${q(text)}`),
    'GET /papers?q=&category=cs.CL': QUERIES.map((text) => `/papers?q=${q(text)}&category=cs.CL`),
    'GET /papers/{id} (similar papers)': sample.rows.map((row) => `/papers/${row.id}`),
    'GET /papers/trending': Array.from({ length: 20 }, () => '/papers/trending'),
    'GET /api/daily_papers': Array.from({ length: 20 }, () => '/api/daily_papers'),
    'GET /api/papers?cursor= (90% deep)': Array.from({ length: 20 }, () => `/api/papers?cursor=${cursor}&limit=50`),
  };
}

function logged(log: string, msg: string): { ms: number; memoryMb?: Record<string, number> } | undefined {
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
      (starts[0]!.loadMs !== undefined ? `, snapshot read in ${fmt(median((s) => s.loadMs!))} (serve's log)` : '') +
      (starts[0]!.warmRssMb ? `, after the routes ${Math.round(starts[0]!.warmRssMb)} MB` : '') +
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
