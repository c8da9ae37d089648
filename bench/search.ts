/**
 * Search speed at scale: the 74,728 papers of the arXiv listings in a fresh store of each
 * kind, 200 queries of 1–4 consecutive title words (common words such as "model" and
 * "learning" among them), top 20 with highlights through searchPapers. (The databases' own
 * full-text indexes it once ran beside were dropped in migration 0031; BENCHMARKS.md keeps
 * their figures.)
 *
 *   npm run bench:search -- [--data ../shared/data] [--stores sqlite,postgres] [--queries 200]
 *   npm run bench:search -- --existing sqlite:/tmp/papers.sqlite   # a store already holding the listings
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { pino } from 'pino';
import { SearchIndex } from '../src/search/index-sync.ts';
import { searchPapers } from '../src/search/index.ts';
import { openBenchStore, parseStoreKind } from './bench-store.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '2026' },
    existing: { type: 'string' },
  },
});
const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
const COMMON = ['model', 'learning', 'large language models', 'deep learning', 'models', 'data', 'neural network', 'based'];

if (values.existing) {
  const target = values.existing.startsWith('postgres')
    ? { dialect: 'postgres' as const, url: values.existing }
    : { dialect: 'sqlite' as const, file: values.existing.replace(/^sqlite:/, '') };
  const store = await openStore(target);
  try {
    await measure(store, target.dialect);
  } finally {
    await store.close();
  }
} else {
  if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
  for (const name of values.stores!.split(',')) {
    const kind = parseStoreKind(name);
    const { store, dispose } = await openBenchStore(kind);
    try {
      const started = performance.now();
      const { items } = await openImportStream(createReadStream(file), 'auto');
      const summary = await importPapers(store, items, { feedCategories: [] });
      console.log(`${kind}: imported ${summary.imported} papers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await measure(store, kind);
    } finally {
      await dispose();
    }
  }
}

async function measure(store: Store, kind: string) {
  // With --expose-gc (as npm run passes it) the heap figure is what the index keeps.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const searchIndex = new SearchIndex(store, { logger: pino({ level: 'warn' }) });
  let started = performance.now();
  await searchIndex.current();
  const buildSeconds = (performance.now() - started) / 1000;
  gc();
  console.log(
    `${kind}: keyword index built in ${buildSeconds.toFixed(1)} s, ` +
      `heap +${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6)} MB`,
  );

  const titles = (await store.db.selectFrom('papers').select('title').orderBy('doc_id').execute()).map((r) => r.title);
  const next = random(Number(values.seed));
  const count = Number(values.queries);
  const queries = [...COMMON, ...titleQueries(titles, count - COMMON.length, next)];
  const warmup = titleQueries(titles, 50, next);

  // Warm both paths on other queries first: JIT compilation and the databases' page caches.
  for (const q of warmup) {
    await searchPapers(searchIndex, { q, limit: 20 });
  }
  const ours: number[] = [];
  let found = 0;
  for (const q of queries) {
    started = performance.now();
    const result = await searchPapers(searchIndex, { q, limit: 20 });
    ours.push(performance.now() - started);
    if (result.items.length > 0) found++;
  }
  console.log(`${kind}: ${queries.length} queries (${found} with results), top 20:`);
  console.log(`  searchPapers (BM25F in process, rows and highlights)   ${summary(ours)}`);
}

/** 1–4 consecutive words of random titles, without punctuation. */
function titleQueries(titles: string[], count: number, next: () => number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const title = words(titles[Math.floor(next() * titles.length)]!);
    const length = 1 + Math.floor(next() * 4);
    if (title.length < length) continue;
    const start = Math.floor(next() * (title.length - length + 1));
    out.push(title.slice(start, start + length).join(' '));
  }
  return out;
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const mean = sorted.reduce((s, t) => s + t, 0) / sorted.length;
  return `p50 ${at(50).toFixed(1)} ms  p90 ${at(90).toFixed(1)} ms  p99 ${at(99).toFixed(1)} ms  mean ${mean.toFixed(1)} ms`;
}

function random(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}
