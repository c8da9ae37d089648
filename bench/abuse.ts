/**
 * Expensive queries beside normal readers. 50 clients send the costliest searches the query
 * language allows (phrases of common words, many exclusions, long OR lists, deep pages, author
 * filters) while 10 clients read normal pages (feeds, paper pages, the daily API); the readers'
 * latency and every error are reported. The server runs in a child process with a seeded store
 * (the arXiv listings when present, else a generated corpus), on SQLite and on PostgreSQL.
 *
 * Attackers come from 50 different addresses (X-Forwarded-For under TRUST_PROXY), so each stays
 * within its own share of searches and the server does all their work: the hard case. With
 * `--one-address` they all share one address, and the per-client share turns most away.
 *
 * By default the readers read as fast as the server answers (closed loop), so their latency is
 * mostly their own queueing; `--reader-rate N` paces them to N requests a second in all, which is
 * how people read: their latency is then the server's time for a page beside the attack.
 * Every reader page is fetched once before the timed runs (reported as the warm-up), so both
 * runs measure a server that has seen each page.
 *
 *   npm run bench:abuse -- [--data ../shared/data] [--store sqlite|postgres|both] [--seconds 20]
 *                          [--papers N] [--attackers 50] [--readers 10] [--reader-rate N]
 *                          [--one-address] [--routes]
 */
import { fork } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { type PaperRecord, paperRecord } from '../src/core/paper.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import { buildServer } from '../src/web/server.ts';
import { type BenchStoreKind, openBenchStore } from './bench-store.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    store: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '20' },
    papers: { type: 'string' },
    attackers: { type: 'string', default: '50' },
    readers: { type: 'string', default: '10' },
    'reader-rate': { type: 'string' },
    'one-address': { type: 'boolean', default: false },
    routes: { type: 'boolean', default: false },
    serve: { type: 'string' },
    attack: { type: 'string' },
  },
});
const listings = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
const GENERATED_PAPERS = 20_000;

const COMMON = ['model', 'learning', 'data', 'network', 'method', 'language', 'training', 'task', 'performance', 'results'];
const or = (words: string[]) => words.join(' OR ');
/** The most expensive things the query language allows, each within q's 250 characters. */
const EXPENSIVE = [
  '"model model model"',
  '"learning learning learning learning"',
  '"the model of the model" "in the data"',
  '"of the" "in the" "to the" model',
  '"large language model" "neural network" "deep learning"',
  '"state of the art" -"state of the art" model',
  `model ${COMMON.slice(1)
    .map((w) => `-${w}`)
    .join(' ')} -approach -deep -neural -proposed -based -show -new`,
  `learning -"machine learning" -"deep learning" -"reinforcement learning" -"language model" -"neural network"`,
  or([...COMMON, ...COMMON.map((w) => `${w}s`), 'approach', 'framework', 'system', 'analysis', 'problem', 'paper', 'work']),
  `"${COMMON.join(' ')}"`,
  'author:"Wang" "language model"',
  'author:Li author:Zhang model',
].map((q) => q.slice(0, 250));
const ATTACK_PATHS = EXPENSIVE.flatMap((q) => {
  const e = encodeURIComponent(q);
  return [
    `/api/papers/search?q=${e}&limit=120`,
    `/papers?q=${e}&p=334`, // offset 9,990: the deepest page
    `/papers?q=${e}&sort=date`,
    `/papers/search.atom?q=${e}&category=cs`,
  ];
});

if (values.serve) {
  await serve(values.serve as BenchStoreKind);
} else if (values.attack) {
  process.send!(await attack(values.attack));
  process.exit(0);
} else {
  const kinds: BenchStoreKind[] = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store as BenchStoreKind];
  for (const kind of kinds) await measure(kind);
}

/** The child: a seeded store behind a real server; sends its port, and the sample ids, when ready. */
async function serve(kind: BenchStoreKind): Promise<void> {
  const { store, dispose } = await openBenchStore(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-bench-abuse-'));
  // The parent ends a run with SIGTERM: remove the store and the data folder rather than leave them behind.
  process.once('SIGTERM', () => {
    void dispose()
      .catch((error: unknown) => console.error('could not remove the bench store:', error))
      .finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
  const limit = values.papers ? Number(values.papers) : Infinity;
  const started = performance.now();
  let source: string;
  if (existsSync(listings)) {
    const { items } = await openImportStream(createReadStream(listings), 'auto');
    await importPapers(store, take(items, limit), { feedCategories: ['cs'] });
    source = `the arXiv listings${Number.isFinite(limit) ? ` (first ${limit})` : ''}`;
  } else {
    const count = Number.isFinite(limit) ? limit : GENERATED_PAPERS;
    await importPapers(store, generated(count), { feedCategories: ['cs'] });
    source = `${count} generated papers`;
  }
  const seededSeconds = (performance.now() - started) / 1000;
  const sample = await store.db.selectFrom('feed_entries').select(['paper_id', 'day']).orderBy('day', 'desc').limit(50).execute();
  const config = loadConfig({ DATA_DIR: dataDir, SECRET: 'bench', TRUST_PROXY: 'true' });
  const logger = pino({ level: 'silent' });
  const parts = await buildServiceParts({ config, store, logger });
  await parts.searchIndex.current();
  const app = await buildServer({ config, store, logger, ...parts });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const count = await store.db
    .selectFrom('papers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  process.send!({
    port: (app.server.address() as { port: number }).port,
    papers: Number(count.n),
    source,
    seededSeconds,
    sample: sample.map((r) => ({ id: r.paper_id, day: r.day })),
  });
}

interface Ready {
  port: number;
  papers: number;
  source: string;
  seededSeconds: number;
  sample: { id: string; day: string }[];
}

async function measure(kind: BenchStoreKind): Promise<void> {
  const child = fork(
    import.meta.filename,
    ['--serve', kind, '--data', values.data!, ...(values.papers ? ['--papers', values.papers] : [])],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    const url = `http://127.0.0.1:${ready.port}`;
    const days = [...new Set(ready.sample.map((s) => s.day))];
    const readerPaths = [
      '/papers',
      ...days.map((d) => `/papers/date/${d}`),
      ...days.map((d) => `/api/daily_papers?date=${d}`),
      ...ready.sample.slice(0, 20).map((s) => `/papers/${s.id}`),
      ...ready.sample.slice(20, 30).map((s) => `/api/papers/${s.id}`),
    ];
    const seconds = Number(values.seconds);
    const attackers = Number(values.attackers);
    let r = 0;
    const read = () =>
      autocannon({
        url,
        connections: Number(values.readers),
        ...(values['reader-rate'] ? { overallRate: Number(values['reader-rate']) } : {}),
        duration: seconds,
        requests: [{ setupRequest: (req) => ({ ...req, path: readerPaths[r++ % readerPaths.length]! }) }],
      });
    // Each reader page once, in turn, before anything is timed: a page's first view renders it and
    // computes its paper's similar papers, which the run under attack (second) would not pay.
    const warmStart = performance.now();
    for (const path of readerPaths) await (await fetch(url + path)).arrayBuffer();
    const warmMs = performance.now() - warmStart;
    // The readers alone first: the machine's own figure, to compare with the readers under attack.
    const alone = await read();
    // The attackers run in a process of their own, so the two load generators do not share an event loop.
    const attacker = fork(
      import.meta.filename,
      [
        '--attack',
        url,
        '--seconds',
        values.seconds!,
        '--attackers',
        values.attackers!,
        ...(values['one-address'] ? ['--one-address'] : []),
      ],
      {
        execArgv: ['--import', 'tsx'],
      },
    );
    const attacking = new Promise<autocannon.Result>((resolve, reject) => {
      attacker.once('message', (m) => resolve(m as autocannon.Result));
      attacker.once('exit', (code) => reject(new Error(`attackers exited with ${code}`)));
    });
    const [readers, attacked] = await Promise.all([read(), attacking]);
    const refused = attacked.statusCodeStats?.['429']?.count ?? 0;
    console.log(
      `${kind}: ${ready.papers.toLocaleString('en')} papers (${ready.source}, seeded in ${ready.seededSeconds.toFixed(0)} s); ` +
        `${attackers} attackers from ${values['one-address'] ? 'one address' : `${attackers} addresses`}, ` +
        `${values.readers} readers${values['reader-rate'] ? ` paced to ${values['reader-rate']} req/s in all` : ''}, ${seconds} s`,
    );
    const line = (x: autocannon.Result) =>
      `${x.requests.total} requests, ${(x.requests.total / seconds).toFixed(0)}/s  p50 ${x.latency.p50} ms  ` +
      `p99 ${x.latency.p99} ms  max ${x.latency.max} ms  errors ${x.errors}  timeouts ${x.timeouts}  non-2xx ${x.non2xx}`;
    console.log(`  warm-up: ${readerPaths.length} reader pages once each in ${warmMs.toFixed(0)} ms`);
    console.log(`  readers alone:        ${line(alone)}`);
    console.log(`  readers under attack: ${line(readers)}`);
    console.log(
      `  attackers: ${attacked.requests.total} requests, ${(attacked.requests.total / seconds).toFixed(0)}/s  ` +
        `2xx ${attacked['2xx']}  429 ${refused}  other non-2xx ${attacked.non2xx - refused}  ` +
        `p50 ${attacked.latency.p50} ms  p99 ${attacked.latency.p99} ms  errors ${attacked.errors}  timeouts ${attacked.timeouts}`,
    );
    if (values.routes) {
      // The server's own time per route and status, from /metrics.
      const text = await (await fetch(`${url}/metrics`)).text();
      console.log(
        text
          .split('\n')
          .filter((l) => /http_request_duration_seconds_(sum|count)/.test(l))
          .join('\n'),
      );
    }
  } finally {
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** The attackers' process: 50 connections, each request from the next of 50 addresses. */
function attack(url: string): Promise<autocannon.Result> {
  const attackers = Number(values.attackers);
  let n = 0;
  return autocannon({
    url,
    connections: attackers,
    duration: Number(values.seconds),
    requests: [
      {
        setupRequest: (req) => {
          const a = n % attackers;
          const address = values['one-address'] ? '203.0.113.1' : `10.${a >> 8}.${a & 255}.7`;
          return {
            ...req,
            path: ATTACK_PATHS[n++ % ATTACK_PATHS.length]!,
            headers: { ...req.headers, 'x-forwarded-for': address },
          };
        },
      },
    ],
  });
}

async function* take<T>(items: AsyncIterable<T>, limit: number): AsyncIterable<T> {
  if (limit <= 0) return;
  let n = 0;
  for await (const item of items) {
    yield item;
    if (++n >= limit) return;
  }
}

/** Papers of common words in varied order, spread over 60 days of cs categories. */
async function* generated(count: number): AsyncIterable<{ kind: 'record'; at: number; record: PaperRecord }> {
  const words = [...COMMON, 'approach', 'framework', 'graph', 'image', 'reasoning', 'agent', 'vision', 'efficient', 'robust'];
  let seed = 7;
  const pick = () => words[(seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % words.length]!;
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2026, 0, 1) + (i % 60) * 86_400_000).toISOString();
    yield {
      kind: 'record',
      at: i + 1,
      record: paperRecord({
        id: `2601.${String(i).padStart(5, '0')}`,
        title: Array.from({ length: 8 }, pick).join(' '),
        abstract: Array.from({ length: 150 }, pick).join(' '),
        authors: [`Author ${i % 500}`, `Wang ${i % 37}`],
        categories: [`cs.${['CL', 'LG', 'CV', 'AI'][i % 4]}`],
        publishedAt: day,
      }),
    };
  }
}
