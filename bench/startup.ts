/**
 * Start-up of `dailypapers serve`: from process start to the first 200 on /healthz, and the
 * server's resident memory (RSS) at that moment and after 3 s of idling, with the TypeScript
 * sources run through tsx and with the build in dist/. Each run starts on a fresh SQLite data
 * folder (so it creates the secret and migrates), with ingestion off; runs alternate between
 * the two ways, and the table shows medians.
 *
 *   npm run build && npm run bench:startup -- [--runs 9]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const RUNS = Number(values.runs);
const ROOT = join(import.meta.dirname, '..');
const WAYS = {
  tsx: ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), 'serve'],
  dist: [join(ROOT, 'dist/cli/run.js'), 'serve'],
};
type Way = keyof typeof WAYS;

if (!existsSync(join(ROOT, 'dist/cli/run.js'))) throw new Error('no build in dist/: run `npm run build` first');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function rssMiB(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line![1]) / 1024;
}

async function untilHealthy(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with status ${child.exitCode}`);
    const status = await fetch(url).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function run(way: Way): Promise<{ ms: number; rss: number; idleRss: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-bench-startup-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, WAYS[way], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ARXIV_CATEGORIES: 'none',
      HF_DAILY: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await untilHealthy(`http://127.0.0.1:${port}/healthz`, child);
    const ms = performance.now() - started;
    const rss = rssMiB(child.pid!);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { ms, rss, idleRss: rssMiB(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const results: Record<Way, { ms: number; rss: number; idleRss: number }[]> = { tsx: [], dist: [] };
for (let i = 0; i < RUNS; i++) for (const way of ['tsx', 'dist'] as const) results[way].push(await run(way));

console.log(`| way | start to first 200 on /healthz (median of ${RUNS}) | RSS then | RSS after 3 s idle |`);
console.log('| --- | --- | --- | --- |');
for (const way of ['tsx', 'dist'] as const) {
  const r = results[way];
  console.log(
    `| ${way} | ${Math.round(median(r.map((x) => x.ms)))} ms (min ${Math.round(Math.min(...r.map((x) => x.ms)))}, max ${Math.round(Math.max(...r.map((x) => x.ms)))}) | ${median(r.map((x) => x.rss)).toFixed(0)} MiB | ${median(r.map((x) => x.idleRss)).toFixed(0)} MiB |`,
  );
}
