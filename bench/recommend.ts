/**
 * Recommendation quality and speed on the arXiv listings (issue 11's protocol).
 *
 * Readers: every author with ≥ 5 papers listed before 2026-01-01 and ≥ 3 on or after; 300 of
 * them drawn with a fixed seed. A reader's earlier papers are the library (positives), the later
 * ones what should be found among all papers listed on or after 2026-01-01. Reported:
 * recall@20, recall@100, nDCG@20 for the product's model, for it re-ranked by the per-member
 * linear model (src/recommend/linear-model.ts, not in the product's path) and for a TF-IDF centroid of the
 * library computed by this harness, twice: as the product runs (author names as they are), and
 * text only (every author name replaced by a unique placeholder before import). Then the
 * negative-feedback experiment, and the latency of `POST /api/recommendations` through the real
 * HTTP server at 74,728 papers.
 *
 *   npm run bench:recommend -- [--data ../shared/data] [--readers 300] [--seed 11] [--no-latency]
 *     [--only with-authors|text-only] [--no-negatives] [--negative-readers 50] [--keep DIR (reuse the imported stores of an earlier run)]
 *     [--weights JSON (over DEFAULT_WEIGHTS)] [--linear JSON (over DEFAULT_LINEAR)] [--blends 0,0.3,1 (more rows: the linear
 *     re-ranker at each blend weight, on the same candidates)]
 *     [--linear-negatives (the negative-feedback experiment through the linear re-ranker, not model.ts alone)]
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import type { ParsedItem, PaperRecord } from '../src/core/paper.ts';
import { openStore, type Store } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import {
  DEFAULT_WEIGHTS,
  type ModelWeights,
  recommendFromIndex,
  type Recommended,
  type TasteDoc,
  type TasteDocs,
} from '../src/recommend/model.ts';
import {
  DEFAULT_LINEAR,
  type LinearOptions,
  type PaperTextOnly,
  rerankWithLinearModel,
  SAMPLED_NEGATIVES,
  sampleSlots,
  termVector,
} from '../src/recommend/linear-model.ts';
import { forEachTerm } from '../src/search/analyzer.ts';
import { SearchIndex, SNAPSHOT_FILE } from '../src/search/index.ts';
import type { KeywordIndex } from '../src/search/keyword-index.ts';
import { bestFirst } from '../src/search/ordering.ts';
import { paperTexts } from '../src/store/taste.ts';
import { buildServer } from '../src/web/server.ts';
import { seededRandom } from '../src/core/seeded-random.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    readers: { type: 'string', default: '300' },
    seed: { type: 'string', default: '11' },
    'no-latency': { type: 'boolean', default: false },
    'no-negatives': { type: 'boolean', default: false },
    'negative-readers': { type: 'string', default: '50' },
    /** Model weights to try, as JSON over DEFAULT_WEIGHTS, e.g. '{"negative":0.5}'. */
    weights: { type: 'string', default: '{}' },
    /** Linear re-ranker options, as JSON over DEFAULT_LINEAR, e.g. '{"blend":0}' for the model alone. */
    linear: { type: 'string', default: '{}' },
    blends: { type: 'string' },
    'linear-negatives': { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'string' },
  },
});
const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
const SPLIT = '2026-01-01';
const SPLIT_DAY = 20260101;
const logger = pino({ level: 'silent' });
const weights: ModelWeights = { ...DEFAULT_WEIGHTS, ...(JSON.parse(values.weights!) as Partial<ModelWeights>) };
const linear: LinearOptions = { ...DEFAULT_LINEAR, ...(JSON.parse(values.linear!) as Partial<LinearOptions>) };
const blends = values.blends?.split(',').map(Number) ?? [];

interface Reader {
  name: string;
  library: string[];
  later: string[];
}

const records: PaperRecord[] = [];
for await (const item of (await openImportStream(createReadStream(file), 'auto')).items) {
  if (item.kind === 'record') records.push(item.record);
}
const readers = pickReaders(records, Number(values.readers), Number(values.seed));
const candidates = records.filter((r) => (r.listedOn ?? '') >= SPLIT).length;
console.log(
  `${records.length} papers, ${candidates} listed on or after ${SPLIT}; ${readers.length} readers (seed ${values.seed}), ` +
    `library ${median(readers.map((r) => r.library.length))} papers (median), ${median(readers.map((r) => r.later.length))} to find`,
);

function pickReaders(all: PaperRecord[], count: number, seed: number): Reader[] {
  const byAuthor = new Map<string, Reader>();
  for (const record of all) {
    for (const name of new Set(record.authors)) {
      let reader = byAuthor.get(name);
      if (!reader) byAuthor.set(name, (reader = { name, library: [], later: [] }));
      ((record.listedOn ?? '') < SPLIT ? reader.library : reader.later).push(record.id);
    }
  }
  const eligible = [...byAuthor.values()]
    .filter((r) => r.library.length >= 5 && r.later.length >= 3)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const random = seededRandom(seed);
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j]!, eligible[i]!];
  }
  console.log(`${eligible.length} authors qualify as readers`);
  return eligible.slice(0, count);
}

/** Every author name replaced by a placeholder of its own, so no two papers share an author. */
function anonymised(all: PaperRecord[]): PaperRecord[] {
  let n = 0;
  return all.map((r) => ({ ...r, authors: r.authors.map(() => `anon${(n++).toString(36)}`) }));
}

async function* itemsOf(all: PaperRecord[]): AsyncGenerator<ParsedItem> {
  let at = 0;
  for (const record of all) yield { kind: 'record', at: ++at, record };
}

async function docIds(store: Store): Promise<Map<string, number>> {
  const rows = await store.db.selectFrom('papers').select(['id', 'doc_id']).execute();
  return new Map(rows.map((r) => [r.id, Number(r.doc_id)]));
}

/** Each reader's library as the model reads it, the same store call the product makes. */
async function tastes(store: Store, all: Reader[]): Promise<Map<string, TasteDocs>> {
  const out = new Map<string, TasteDocs>();
  for (const reader of all) {
    const texts = await paperTexts(store, reader.library);
    out.set(reader.name, {
      positives: reader.library.map((id) => ({ ...texts.get(id)!, paperId: id, source: 'given' as const })),
      negatives: [],
      followedAuthors: [],
      followedCategories: [],
    });
  }
  return out;
}

interface Scores {
  recall20: number;
  recall100: number;
  ndcg20: number;
}

function evaluate(all: Reader[], docIdOf: Map<string, number>, rank: (r: Reader) => { docId: number }[]): Scores {
  const sums = { recall20: 0, recall100: 0, ndcg20: 0 };
  for (const reader of all) {
    const relevant = new Set(reader.later.map((id) => docIdOf.get(id)!));
    const ranked = rank(reader).map((r) => r.docId);
    const m = metrics(ranked, relevant);
    sums.recall20 += m.recall20;
    sums.recall100 += m.recall100;
    sums.ndcg20 += m.ndcg20;
  }
  return { recall20: sums.recall20 / all.length, recall100: sums.recall100 / all.length, ndcg20: sums.ndcg20 / all.length };
}

function metrics(ranked: number[], relevant: Set<number>): Scores {
  const hits = (k: number) => ranked.slice(0, k).filter((d) => relevant.has(d)).length;
  let dcg = 0;
  ranked.slice(0, 20).forEach((d, i) => {
    if (relevant.has(d)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(20, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return { recall20: hits(20) / relevant.size, recall100: hits(100) / relevant.size, ndcg20: dcg / ideal };
}

const row = (name: string, s: Scores) =>
  `| ${name} | ${s.recall20.toFixed(3)} | ${s.recall100.toFixed(3)} | ${s.ndcg20.toFixed(3)} |`;

/**
 * For each reader: mark the 20 best-ranked papers of the top 100 that are not theirs as "not
 * interested", rank again. Counted: how many of the 20 leave the top 100, and how many of
 * their nearest neighbours (each one's most similar other paper of the first top 100, not
 * the reader's) leave it; recall@100 before and after.
 */
function negativeFeedback(
  index: KeywordIndex,
  rank: (taste: TasteDocs) => Recommended[],
  all: Reader[],
  docIdOf: Map<string, number>,
  taste: Map<string, TasteDocs>,
) {
  const docs = new Map<number, TasteDoc>();
  for (const t of taste.values()) for (const p of t.positives) docs.set(p.docId, p);
  let marked = 0;
  let markedGone = 0;
  let neighbours = 0;
  let neighboursGone = 0;
  let before = 0;
  let after = 0;
  const textOf = new Map(records.map((r) => [docIdOf.get(r.id)!, r]));
  for (const reader of all) {
    const relevant = new Set(reader.later.map((id) => docIdOf.get(id)!));
    const t = taste.get(reader.name)!;
    const first = rank(t);
    const chosen = first.filter((r) => !relevant.has(r.docId)).slice(0, 20);
    const negatives: TasteDoc[] = chosen.map(({ docId }) => {
      const r = textOf.get(docId)!;
      return { docId, title: r.title, abstract: r.abstract, authors: r.authors, categories: r.categories };
    });
    const firstTop = new Set(first.map((r) => r.docId));
    // Each marked paper's nearest neighbour in the first top 100, by the model's own similarity.
    const near = new Set<number>();
    for (const negative of negatives) {
      const alone = recommendFromIndex(
        index,
        {
          positives: [{ ...negative, paperId: '', source: 'given' }],
          negatives: [],
          followedAuthors: [],
          followedCategories: [],
        },
        { fromDay: SPLIT_DAY },
        500,
        weights,
      );
      const nearest = alone.find(
        (r) => firstTop.has(r.docId) && !relevant.has(r.docId) && !chosen.some((c) => c.docId === r.docId),
      );
      if (nearest) near.add(nearest.docId);
    }
    const second = rank({ ...t, negatives });
    const secondTop = new Set(second.map((r) => r.docId));
    marked += chosen.length;
    markedGone += chosen.filter((c) => !secondTop.has(c.docId)).length;
    neighbours += near.size;
    neighboursGone += [...near].filter((d) => !secondTop.has(d)).length;
    before += metrics(
      first.map((r: Recommended) => r.docId),
      relevant,
    ).recall100;
    after += metrics(
      second.map((r) => r.docId),
      relevant,
    ).recall100;
  }
  console.log(
    `negative feedback (first ${all.length} readers): ${markedGone}/${marked} marked papers left the top 100 (${pct(markedGone, marked)}), ` +
      `${neighboursGone}/${neighbours} of their nearest neighbours (${pct(neighboursGone, neighbours)}); ` +
      `recall@100 ${(before / all.length).toFixed(3)} → ${(after / all.length).toFixed(3)}`,
  );
}

interface LinearRanker {
  /** model.ts's best candidates, as many as the re-ranker takes. */
  candidates(taste: TasteDocs): Recommended[];
  /** The candidates re-ranked by the linear model: the best 100. */
  rerank(taste: TasteDocs, candidates: readonly Recommended[], options?: LinearOptions): Recommended[];
  /** Both. */
  rank(taste: TasteDocs): Recommended[];
}

/** model.ts re-ranked by the linear model, the papers' texts read from the listings (the store holds the same). */
function linearRanker(index: KeywordIndex, docIdOf: Map<string, number>): LinearRanker {
  const textOf = new Map<number, PaperTextOnly>(records.map((r) => [docIdOf.get(r.id)!, r]));
  const sampled = sampleSlots(index, SAMPLED_NEGATIVES, linear.seed).map((slot) =>
    termVector(index, textOf.get(index.docIdOf(slot))!),
  );
  const candidates = (taste: TasteDocs) =>
    recommendFromIndex(index, taste, { fromDay: SPLIT_DAY }, Math.max(100, linear.pool), weights);
  const rerank = (taste: TasteDocs, found: readonly Recommended[], options = linear) =>
    rerankWithLinearModel(index, found, taste, (docId) => termVector(index, textOf.get(docId)!), sampled, 100, options);
  return { candidates, rerank, rank: (taste) => rerank(taste, candidates(taste)) };
}

async function latency(config: ReturnType<typeof loadConfig>, store: Store, search: SearchIndex, all: Reader[]) {
  const parts = await buildServiceParts({ config, store, logger });
  const app = await buildServer({ config, store, logger, ...parts, searchIndex: search });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  try {
    const ask = async (reader: Reader) => {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/api/recommendations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ positivePaperIds: reader.library, from: SPLIT, limit: 100 }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      return performance.now() - started;
    };
    for (const reader of all.slice(0, 20)) await ask(reader); // warm-up
    const times: number[] = [];
    for (const reader of all) times.push(await ask(reader));
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(
      `POST /api/recommendations, limit 100, one at a time, ${times.length} readers: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
    );
  } finally {
    await app.close();
    parts.close();
  }
}

/** The baseline: unit tf·idf vectors (sublinear tf) of title and abstract; the library's mean; cosine. */
class TfIdfCentroid {
  private readonly vectors = new Map<string, Map<string, number>>();
  /** Per term, the candidates (by position in `candidates`) holding it and their weights. */
  private readonly postings = new Map<string, { at: number[]; weight: number[] }>();
  private readonly candidates: number[] = [];
  private readonly scores: Float64Array;

  constructor(all: PaperRecord[], docIdOf: Map<string, number>) {
    const df = new Map<string, number>();
    const counts = all.map((r) => {
      const tf = new Map<string, number>();
      forEachTerm(`${r.title}\n${r.abstract ?? ''}`, true, (t) => tf.set(t, (tf.get(t) ?? 0) + 1));
      for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
      return tf;
    });
    all.forEach((r, i) => {
      const vector = new Map<string, number>();
      let norm = 0;
      for (const [t, n] of counts[i]!) {
        const w = (1 + Math.log(n)) * Math.log(all.length / df.get(t)!);
        vector.set(t, w);
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [t, w] of vector) vector.set(t, w / norm);
      if ((r.listedOn ?? '') < SPLIT) {
        this.vectors.set(r.id, vector);
        return;
      }
      const at = this.candidates.length;
      this.candidates.push(docIdOf.get(r.id)!);
      for (const [t, w] of vector) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = { at: [], weight: [] }));
        list.at.push(at);
        list.weight.push(w);
      }
    });
    this.scores = new Float64Array(this.candidates.length);
  }

  rank(library: string[]): { docId: number }[] {
    const centroid = new Map<string, number>();
    for (const id of library) for (const [t, w] of this.vectors.get(id)!) centroid.set(t, (centroid.get(t) ?? 0) + w);
    const scores = this.scores.fill(0);
    for (const [t, w] of centroid) {
      const list = this.postings.get(t);
      if (!list) continue;
      for (let i = 0; i < list.at.length; i++) scores[list.at[i]!]! += w * list.weight[i]!;
    }
    const ranking = { keys: scores, tieBetter: (a: number, b: number) => this.candidates[a]! < this.candidates[b]! };
    return Array.from(bestFirst(scores.length, ranking, 100), (i) => ({ docId: this.candidates[i]! })).slice(0, 100);
  }
}

async function main() {
  const modes = [
    { name: 'with authors', anonymous: false },
    { name: 'text only', anonymous: true },
  ].filter((m) => !values.only || m.name.replace(' ', '-') === values.only);
  for (const mode of modes) {
    // --keep reuses the stores (and index snapshots) of an earlier run on the same data, to try model changes quickly.
    const dir = values.keep ? join(values.keep, mode.name.replace(' ', '-')) : mkdtempSync(join(tmpdir(), 'dp-bench-recommend-'));
    const imported = existsSync(join(dir, 'dailypapers.sqlite'));
    mkdirSync(dir, { recursive: true });
    const config = loadConfig({ DATA_DIR: dir, SECRET: 'bench', LOG_LEVEL: 'silent' });
    const store = await openStore(config.database);
    try {
      const started = performance.now();
      if (!imported) await importPapers(store, itemsOf(mode.anonymous ? anonymised(records) : records), { feedCategories: [] });
      const search = new SearchIndex(store, { logger, snapshotFile: join(dir, SNAPSHOT_FILE) });
      const index = await search.current();
      console.log(`\n## ${mode.name} (import and index ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      const docIdOf = await docIds(store);
      const taste = await tastes(store, readers);
      const baseline = new TfIdfCentroid(records, docIdOf);
      const reranker = linearRanker(index, docIdOf);
      let at = performance.now();
      const found = new Map(readers.map((r) => [r.name, reranker.candidates(taste.get(r.name)!)]));
      const modelMs = (performance.now() - at) / readers.length;
      const model = evaluate(readers, docIdOf, (r) => found.get(r.name)!.slice(0, 100));
      at = performance.now();
      const reranked = evaluate(readers, docIdOf, (r) => reranker.rerank(taste.get(r.name)!, found.get(r.name)!));
      const rerankMs = (performance.now() - at) / readers.length;
      const blendRows = blends.map((blend) => {
        const options = { ...linear, blend };
        return {
          blend,
          scores: evaluate(readers, docIdOf, (r) => reranker.rerank(taste.get(r.name)!, found.get(r.name)!, options)),
        };
      });
      at = performance.now();
      const centroid = evaluate(readers, docIdOf, (r) => baseline.rank(r.library));
      const centroidMs = (performance.now() - at) / readers.length;
      console.log('| system | recall@20 | recall@100 | nDCG@20 |\n|---|---|---|---|');
      console.log(row('TF-IDF centroid of the library (this harness)', centroid));
      console.log(row('dailypapers, model.ts alone', model));
      console.log(row(`dailypapers, + linear re-ranker (${JSON.stringify(linear)})`, reranked));
      for (const { blend, scores } of blendRows) console.log(row(`+ linear re-ranker, blend ${blend}`, scores));
      console.log(
        `(in process: model ${modelMs.toFixed(1)} ms a reader (best ${Math.max(100, linear.pool)}), ` +
          `re-ranker ${rerankMs.toFixed(1)} ms, centroid ${centroidMs.toFixed(1)} ms)`,
      );
      // The experiment ranks 22 times a reader: the first readers of the sample only.
      const rankBy = values['linear-negatives']
        ? reranker.rank
        : (t: TasteDocs) => recommendFromIndex(index, t, { fromDay: SPLIT_DAY }, 100, weights);
      if (!values['no-negatives'])
        negativeFeedback(index, rankBy, readers.slice(0, Number(values['negative-readers'])), docIdOf, taste);
      if (!mode.anonymous && !values['no-latency']) await latency(config, store, search, readers);
      await search.close();
    } finally {
      await store.close();
      if (!values.keep) rmSync(dir, { recursive: true, force: true });
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(0)} %`;
}

await main();
