/**
 * Page and API throughput: `/papers/date/…` (50 entries) and `/api/daily_papers?date=…` under
 * autocannon (50 connections, 10 s), each beside a plain node:http server answering the very
 * same bytes, in the same run. The day page is also asked for by a reader who chose titles only
 * (a cookie the response cache keys on) and by a signed-in member (rendered for them alone, so
 * the cost of a personal page shows). Servers run in a child process so the load generator does
 * not share their event loop. Page sizes, raw and gzipped, are printed first.
 *
 *   npm run bench:pages -- [--data ../shared/data] [--seconds 10] [--connections 50] [--rounds 2]
 */
import { fork } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import type { PaperRecord } from '../src/core/paper.ts';
import { openStore } from '../src/db/connect.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { savePapers } from '../src/ingest/save-papers.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import { signUp, startSession } from '../src/social/accounts.ts';
import { SESSION_COOKIE } from '../src/web/auth.ts';
import { DENSITY_COOKIE } from '../src/web/density.ts';
import { buildServer } from '../src/web/server.ts';

const DAY = '2026-03-02';
const PATHS = { page: `/papers/date/${DAY}`, api: `/api/daily_papers?date=${DAY}` };
/** Who asks for each measured target: the cookie it sends (`session` is the app child's member). */
const TARGETS: Record<string, { path: string; cookie?: (session: string) => string }> = {
  page: { path: PATHS.page },
  'page titles': { path: PATHS.page, cookie: () => `${DENSITY_COOKIE}=titles` },
  'page member': { path: PATHS.page, cookie: (session) => `${SESSION_COOKIE}=${session}` },
  api: { path: PATHS.api },
};

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    serve: { type: 'string' },
  },
});

if (values.serve) {
  await serve(values.serve);
} else {
  await measure();
}

/** Child process: the app server, or a plain server replaying the app's bytes. */
async function serve(kind: string) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-pages-'));
  const config = loadConfig({ DATA_DIR: dir, SECRET: 'bench', LOG_LEVEL: 'silent' });
  const store = await openStore(config.database);
  await savePapers(store, await fiftyPapers(), { feedCategories: [], now: new Date() });
  const member = await signUp(store, { email: 'bench@example.org', password: 'bench password' }, new Date());
  const session = await startSession(store, member.id, new Date());
  const logger = pino({ level: 'silent' });
  const app = await buildServer({ config, store, logger, ...(await buildServiceParts({ config, store, logger })) });
  if (kind === 'app') {
    await app.listen({ port: 0, host: '127.0.0.1' });
    for (const [name, cookie] of [
      ['abstracts', ''],
      ['titles only', `${DENSITY_COOKIE}=titles`],
    ]) {
      const body = (await app.inject({ url: PATHS.page, headers: cookie ? { cookie } : {} })).rawPayload;
      console.log(
        `day page of 50, ${name}: ${(body.length / 1024).toFixed(1)} KB raw, ${(gzipSync(body).length / 1024).toFixed(1)} KB gzipped`,
      );
    }
    process.send!({ port: (app.server.address() as { port: number }).port, session });
    return;
  }
  const replies = new Map<string, { type: string; body: Buffer }>();
  for (const path of Object.values(PATHS)) {
    const res = await app.inject({ url: path });
    replies.set(path, { type: String(res.headers['content-type']), body: res.rawPayload });
  }
  const plain = createServer((req, res) => {
    const reply = replies.get(req.url ?? '');
    if (!reply) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': reply.type, 'content-length': reply.body.length }).end(reply.body);
  });
  plain.listen(0, '127.0.0.1', () => process.send!({ port: (plain.address() as { port: number }).port }));
}

async function fiftyPapers(): Promise<PaperRecord[]> {
  const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
  if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
  const { items } = await openImportStream(createReadStream(file), 'auto');
  const records: PaperRecord[] = [];
  for await (const item of items) {
    if (item.kind !== 'record') continue;
    const n = records.length;
    records.push({ ...item.record, sourceUpvotes: (n * 37) % 101, feed: { day: DAY, rank: n + 1, submittedBy: null } });
    if (records.length === 50) break;
  }
  return records;
}

async function startChild(kind: string): Promise<{ port: number; session: string; stop: () => void }> {
  const child = fork(import.meta.filename, ['--serve', kind, '--data', values.data!], { execArgv: ['--import', 'tsx'] });
  const { port, session } = await new Promise<{ port: number; session: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; session: string }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, session, stop: () => child.kill() };
}

async function load(port: number, path: string, cookie: string | undefined, seconds = Number(values.seconds)) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    headers: cookie ? { cookie } : {},
    connections: Number(values.connections),
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function measure() {
  console.log(
    `autocannon ${values.connections} connections, ${values.seconds} s per run, ${values.rounds} rounds, median of rounds`,
  );
  const results: Record<string, { rps: number; p50: number; p99: number }[]> = {};
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const kind of ['plain', 'app']) {
      const server = await startChild(kind);
      try {
        // The plain server replays the visitor's bytes: it is the baseline for every page target.
        for (const [name, target] of Object.entries(kind === 'app' ? TARGETS : PATHS)) {
          const path = typeof target === 'string' ? target : target.path;
          const cookie = typeof target === 'string' ? undefined : target.cookie?.(server.session);
          await load(server.port, path, cookie, 2); // warm-up (JIT, caches), not counted
          (results[`${name} ${kind}`] ??= []).push(await load(server.port, path, cookie));
        }
      } finally {
        server.stop();
      }
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('target             req/s     p50 ms  p99 ms');
  for (const [name, runs] of Object.entries(results)) {
    console.log(
      `${name.padEnd(17)} ${median(runs.map((r) => r.rps))
        .toFixed(0)
        .padStart(
          7,
        )} ${String(median(runs.map((r) => r.p50))).padStart(8)} ${String(median(runs.map((r) => r.p99))).padStart(7)}`,
    );
  }
  for (const [name, target] of Object.entries(TARGETS)) {
    const baseline = target.path === PATHS.page ? 'page' : 'api';
    const ratio = median(results[`${name} app`]!.map((r) => r.rps)) / median(results[`${baseline} plain`]!.map((r) => r.rps));
    console.log(`${name}: app serves ${(ratio * 100).toFixed(0)}% of the plain server's requests per second`);
  }
}
