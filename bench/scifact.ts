/**
 * Search relevance on BEIR SciFact: imports the corpus through the importer, runs the test
 * claims through searchPapers (the function the API uses), writes a TREC run file and
 * prints nDCG@10 and Recall@100.
 *
 *   npm run bench:scifact -- --data ../shared/data/scifact --run /tmp/scifact.run [--store sqlite|postgres]
 *   npm run bench:scifact -- --tune      # coordinate ascent of BM25F parameters on the train claims only
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { type Bm25Params, DEFAULT_BM25 } from '../src/search/bm25.ts';
import { pino } from 'pino';
import { SearchIndex } from '../src/search/index-sync.ts';
import { searchPapers } from '../src/search/index.ts';
import { bestFirst } from '../src/search/ordering.ts';
import { planQuery } from '../src/search/query-plan.ts';
import { parseQuery } from '../src/search/query-parser.ts';
import type { Store } from '../src/db/connect.ts';
import { openBenchStore, parseStoreKind } from './bench-store.ts';
import { meanOver, ndcgAt, parseQrels, type Qrels, recallAt } from './trec-eval.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/scifact' },
    run: { type: 'string' },
    store: { type: 'string', default: 'sqlite' },
    split: { type: 'string', default: 'test' },
    tag: { type: 'string', default: 'dailypapers' },
    tune: { type: 'boolean', default: false },
  },
});

const kind = parseStoreKind(values.store);
const idCache = new WeakMap<Store, Map<number, string>>();
const queries = new Map<string, string>();
for (const line of readFileSync(join(values.data!, 'queries.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { _id, text } = JSON.parse(line) as { _id: string; text: string };
  queries.set(String(_id), text);
}
const qrelsOf = (split: string) => parseQrels(readFileSync(join(values.data!, 'qrels', `${split}.tsv`), 'utf8'));

const { store, dispose } = await openBenchStore(kind);
try {
  let started = performance.now();
  const { items } = await openImportStream(createReadStream(join(values.data!, 'corpus.jsonl.gz')), 'auto');
  const summary = await importPapers(store, items, { feedCategories: [] });
  console.log(`${kind}: imported ${summary.imported} papers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const searchIndex = new SearchIndex(store, { logger: pino({ level: 'warn' }) });
  await searchIndex.current();
  console.log(`keyword index built in ${Math.round(performance.now() - started)} ms`);

  if (values.tune) await tune(searchIndex);

  const qrels = qrelsOf(values.split!);
  const runs = new Map<string, string[]>();
  const lines: string[] = [];
  const latencies: number[] = [];
  for (const qid of qrels.keys()) {
    const text = queries.get(qid);
    if (text === undefined) throw new Error(`query ${qid} of the qrels is not in queries.jsonl`);
    const t0 = performance.now();
    const result = await searchPapers(searchIndex, { q: text, limit: 100 });
    latencies.push(performance.now() - t0);
    runs.set(
      qid,
      result.items.map((hit) => hit.paper.id),
    );
    result.items.forEach((hit, i) => lines.push(`${qid} Q0 ${hit.paper.id} ${i + 1} ${hit.score.toFixed(6)} ${values.tag}`));
  }
  if (values.run) writeFileSync(values.run, `${lines.join('\n')}\n`);
  latencies.sort((a, b) => a - b);
  console.log(
    `${values.split} (${qrels.size} queries): nDCG@10 ${meanOver(qrels, runs, (r, j) => ndcgAt(10, r, j)).toFixed(4)}` +
      `  Recall@100 ${meanOver(qrels, runs, (r, j) => recallAt(100, r, j)).toFixed(4)}` +
      `  query p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms` +
      (values.run ? `  run file ${values.run}` : ''),
  );
} finally {
  await dispose();
}

/** Ranks straight from the index (no rows, no highlights): fast enough to try many parameters. */
async function evaluate(searchIndex: SearchIndex, qrels: Qrels, params: Bm25Params): Promise<number> {
  const { store } = searchIndex;
  const index = await searchIndex.current();
  const idOf = await paperIds(store);
  const runs = new Map<string, string[]>();
  for (const qid of qrels.keys()) {
    const plan = planQuery(parseQuery(queries.get(qid)!));
    const m = index.match({ scored: plan.scored, required: plan.required, excluded: plan.excluded }, params);
    const ranked: string[] = [];
    for (const i of bestFirst(m.count, { keys: m.scores, tieBetter: (a, b) => m.slots[a]! > m.slots[b]! }, 10)) {
      ranked.push(idOf.get(index.docIdOf(m.slots[i]!))!);
      if (ranked.length === 10) break;
    }
    runs.set(qid, ranked);
  }
  return meanOver(qrels, runs, (r, j) => ndcgAt(10, r, j));
}

async function paperIds(store: Store): Promise<Map<number, string>> {
  let ids = idCache.get(store);
  if (!ids)
    idCache.set(
      store,
      (ids = new Map(
        (await store.db.selectFrom('papers').select(['doc_id', 'id']).execute()).map((r) => [Number(r.doc_id), r.id]),
      )),
    );
  return ids;
}

/** Coordinate ascent on the train claims: one parameter at a time over a grid, until no step helps. */
async function tune(searchIndex: SearchIndex) {
  const train = qrelsOf('train');
  const test = qrelsOf('test');
  const grid: Record<keyof Bm25Params, number[]> = {
    k1: [0.5, 0.7, 0.9, 1.0, 1.1, 1.2, 1.4, 1.6, 2.0],
    titleWeight: [0.5, 1, 1.5, 2, 2.5, 3, 4, 5],
    abstractWeight: [1],
    authorsWeight: [0.5, 1, 2],
    titleB: [0, 0.2, 0.4, 0.5, 0.6, 0.75, 0.9, 1],
    abstractB: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1],
    authorsB: [0.5],
  };
  let best = { ...DEFAULT_BM25 };
  let bestScore = await evaluate(searchIndex, train, best);
  console.log(`tune: start train nDCG@10 ${bestScore.toFixed(4)} with ${JSON.stringify(best)}`);
  for (let round = 1, improved = true; improved && round <= 4; round++) {
    improved = false;
    for (const name of Object.keys(grid) as (keyof Bm25Params)[]) {
      for (const value of grid[name]) {
        const candidate = { ...best, [name]: value };
        const score = await evaluate(searchIndex, train, candidate);
        if (score > bestScore + 1e-6) {
          best = candidate;
          bestScore = score;
          improved = true;
        }
      }
    }
    console.log(`tune: round ${round} train nDCG@10 ${bestScore.toFixed(4)} with ${JSON.stringify(best)}`);
  }
  console.log(
    `tune: test nDCG@10 with those ${(await evaluate(searchIndex, test, best)).toFixed(4)} (defaults: ${(await evaluate(searchIndex, test, DEFAULT_BM25)).toFixed(4)})`,
  );
}
