/**
 * Import throughput: the arXiv listings file into a fresh SQLite file and a fresh PostgreSQL
 * database (full-text index included), beside the floor of merely reading and parsing it.
 * Each run is a separate process so peak memory (max RSS) is that run's alone.
 *
 *   npm run bench:import -- [--data ../shared/data] [--runs 3] [--stores sqlite,postgres]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    runs: { type: 'string', default: '3' },
    stores: { type: 'string', default: 'parse,sqlite,postgres' },
    worker: { type: 'string' },
    target: { type: 'string' },
  },
});
const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');

interface RunResult {
  papers: number;
  seconds: number;
  maxRssMb: number;
}

if (values.worker) {
  console.log(JSON.stringify(await runOnce(values.worker, values.target ?? '')));
} else {
  if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
  const scenarios = values.stores!.split(',');
  const runs = Number(values.runs);
  console.log(`import of ${file}, ${runs} runs each, median shown`);
  console.log('scenario  papers  seconds  papers/s  max RSS MB   (all runs: papers/s)');
  for (const scenario of scenarios) {
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) results.push(await spawnRun(scenario));
    const rates = results.map((r) => r.papers / r.seconds).sort((a, b) => a - b);
    const median = results.sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)]!;
    console.log(
      `${scenario.padEnd(9)} ${String(median.papers).padStart(6)} ${median.seconds.toFixed(2).padStart(8)} ${Math.round(
        median.papers / median.seconds,
      )
        .toString()
        .padStart(9)} ${Math.max(...results.map((r) => r.maxRssMb))
        .toFixed(0)
        .padStart(11)}   (${rates.map(Math.round).join(', ')})`,
    );
  }
}

async function spawnRun(scenario: string): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));
  let target = join(dir, 'bench.sqlite');
  let dropDb: string | null = null;
  if (scenario === 'postgres') {
    dropDb = `dp_bench_${process.pid}_${Date.now()}`;
    await admin(`CREATE DATABASE ${dropDb}`);
    target = `postgres://postgres@127.0.0.1:5432/${dropDb}`;
  }
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/import.ts', '--worker', scenario, '--target', target, '--data', values.data!],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (dropDb) await admin(`DROP DATABASE IF EXISTS ${dropDb} WITH (FORCE)`);
  }
}

async function runOnce(scenario: string, target: string): Promise<RunResult> {
  const started = performance.now();
  const { items } = await openImportStream(createReadStream(file), 'auto');
  let papers = 0;
  if (scenario === 'parse') {
    for await (const item of items) if (item.kind === 'record') papers++;
  } else {
    const store = await openStore(
      scenario === 'sqlite' ? { dialect: 'sqlite', file: target } : { dialect: 'postgres', url: target },
    );
    const summary = await importPapers(store, items, { feedCategories: [] });
    papers = summary.imported + summary.updated + summary.unchanged;
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { papers, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  await client.query(text);
  await client.end();
}
