/**
 * Page and API throughput: `/papers/date/…` (50 entries) and `/api/daily_papers?date=…` under
 * autocannon (50 connections, 10 s), each beside a plain node:http server answering the very
 * same bytes, in the same run, the two taking turns. Requests ask for compression as a browser
 * does, so the app answers brotli (its cached pages compressed once) and the plain server replays
 * those brotli bytes. The day page is also asked for by a reader who chose titles only (a cookie
 * the response cache keys on) and by a signed-in member (rendered for them alone: the cost of a
 * personal page), each against the same plain baseline. Servers run in child processes so the
 * load generator does not share their event loop. Day-page sizes, raw and gzipped, come first.
 *
 *   npm run bench:pages -- [--data ../shared/data] [--seconds 10] [--connections 50] [--rounds 2]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { openStore } from '../src/db/connect.ts';
import { savePapers } from '../src/ingest/save-papers.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import { signUp, startSession } from '../src/social/accounts.ts';
import { SESSION_COOKIE } from '../src/web/auth.ts';
import { DENSITY_COOKIE } from '../src/web/density.ts';
import { buildServer } from '../src/web/server.ts';
import { dayOfPapers } from './day-of-papers.ts';

const DAY = '2026-03-02';
const PATHS = { page: `/papers/date/${DAY}`, api: `/api/daily_papers?date=${DAY}` };
/** The day page as asked for with a cookie, by the app alone (`session` is the app child's member). */
const PAGE_VARIANTS: Record<string, (session: string) => string> = {
  'page titles': () => `${DENSITY_COOKIE}=titles`,
  'page member': (session) => `${SESSION_COOKIE}=${session}`,
};
// What Chromium sends.
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

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
  // The parent ends a run with SIGTERM: take the store's folder with it.
  process.once('SIGTERM', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
  const config = loadConfig({ DATA_DIR: dir, SECRET: 'bench', LOG_LEVEL: 'silent' });
  const store = await openStore(config.database);
  await savePapers(store, await dayOfPapers(values.data!, DAY, 50), { feedCategories: [], now: new Date() });
  const member = await signUp(store, { email: 'bench@example.org', password: 'bench password' }, new Date());
  const session = await startSession(store, member.id, new Date());
  const logger = pino({ level: 'silent' });
  const app = await buildServer({ config, store, logger, ...(await buildServiceParts({ config, store, logger })) });
  if (kind === 'app') {
    await app.listen({ port: 0, host: '127.0.0.1' });
    for (const [name, cookie] of [
      ['with abstracts', ''],
      ['titles only', `${DENSITY_COOKIE}=titles`],
    ]) {
      const body = (await app.inject({ url: PATHS.page, headers: cookie ? { cookie } : {} })).rawPayload;
      const kb = (bytes: number) => (bytes / 1024).toFixed(1);
      console.log(`day page of 50, ${name}: ${kb(body.length)} KB raw, ${kb(gzipSync(body).length)} KB gzipped`);
    }
    process.send!({ port: (app.server.address() as { port: number }).port, session });
    return;
  }
  const replies = new Map<string, { headers: Record<string, string>; body: Buffer }>();
  for (const path of Object.values(PATHS)) {
    const res = await app.inject({ url: path, headers: { 'accept-encoding': ACCEPT_ENCODING } });
    const headers = {
      'content-type': String(res.headers['content-type']),
      'content-encoding': String(res.headers['content-encoding']),
    };
    replies.set(path, { headers, body: res.rawPayload });
  }
  const plain = createServer((req, res) => {
    const reply = replies.get(req.url ?? '');
    if (!reply) return res.writeHead(404).end();
    res.writeHead(200, { ...reply.headers, 'content-length': reply.body.length }).end(reply.body);
  });
  plain.listen(0, '127.0.0.1', () => process.send!({ port: (plain.address() as { port: number }).port }));
}

async function startChild(kind: string): Promise<{ port: number; session: string; stop: () => void }> {
  const child = fork(import.meta.filename, ['--serve', kind, '--data', values.data!], { execArgv: ['--import', 'tsx'] });
  const { port, session } = await new Promise<{ port: number; session: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; session: string }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, session, stop: () => child.kill() };
}

async function load(port: number, path: string, cookie?: string, seconds = Number(values.seconds)) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: Number(values.connections),
    duration: seconds,
    headers: { 'accept-encoding': ACCEPT_ENCODING, ...(cookie ? { cookie } : {}) },
  });
  // A page rendered per request (a member's) can outlast autocannon's 10 s timeout on a busy machine: counted, not fatal.
  if (result.non2xx > 0 || result.errors > result.timeouts) {
    throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  if (result.timeouts > 0) console.log(`${path}${cookie ? ` (${cookie.split('=')[0]})` : ''}: ${result.timeouts} timeouts`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.total / result.requests.total),
  };
}

async function measure() {
  console.log(
    `autocannon ${values.connections} connections, ${values.seconds} s per run, ${values.rounds} rounds, median of rounds`,
  );
  const results: Record<string, { rps: number; p50: number; p99: number; bytes: number }[]> = {};
  // Both servers stay up and take turns, path by path, so a change in the machine's load (it is
  // shared) falls on both alike.
  const servers = { plain: await startChild('plain'), app: await startChild('app') };
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [name, path] of Object.entries(PATHS)) {
        for (const [kind, server] of Object.entries(servers)) {
          await load(server.port, path, undefined, 2); // warm-up (JIT, caches), not counted
          (results[`${name} ${kind}`] ??= []).push(await load(server.port, path));
        }
      }
      for (const [name, cookieOf] of Object.entries(PAGE_VARIANTS)) {
        const cookie = cookieOf(servers.app.session);
        await load(servers.app.port, PATHS.page, cookie, 2);
        (results[`${name} app`] ??= []).push(await load(servers.app.port, PATHS.page, cookie));
      }
    }
  } finally {
    for (const server of Object.values(servers)) server.stop();
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('target             req/s     p50 ms  p99 ms  bytes/response');
  for (const [name, runs] of Object.entries(results)) {
    const cells = [
      median(runs.map((r) => r.rps))
        .toFixed(0)
        .padStart(7),
      String(median(runs.map((r) => r.p50))).padStart(8),
      String(median(runs.map((r) => r.p99))).padStart(7),
      String(median(runs.map((r) => r.bytes))).padStart(15),
    ];
    console.log(`${name.padEnd(17)} ${cells.join(' ')}`);
  }
  for (const name of [...Object.keys(PATHS), ...Object.keys(PAGE_VARIANTS)]) {
    const baseline = name === 'api' ? 'api' : 'page';
    const ratio = median(results[`${name} app`]!.map((r) => r.rps)) / median(results[`${baseline} plain`]!.map((r) => r.rps));
    console.log(`${name}: app serves ${(ratio * 100).toFixed(0)}% of the plain server's requests per second`);
  }
}
