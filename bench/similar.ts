/**
 * Similar papers by words at scale: for --papers papers of a kept store (from the middle of the
 * archive), the ranking by distinctive words (src/search/similar.ts rankByTerms) with its
 * postings budget and without one, over the index loaded from the store's snapshot: time a paper
 * (median and largest), and how many of the ten most similar papers each budget shares with the
 * unbudgeted ranking.
 *
 *   npm run bench:similar -- --dir DATA_DIR_OF_A_KEPT_SQLITE_STORE [--papers 40]
 *   (e.g. the folder bench:scale --keep left: dailypapers.sqlite and search-index.v3.bin)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readSnapshot } from '../src/search/index-snapshot.ts';
import { SNAPSHOT_FILE } from '../src/search/index.ts';
import { KeywordIndex } from '../src/search/keyword-index.ts';
import { rankByTerms } from '../src/search/similar.ts';

const { values } = parseArgs({ options: { dir: { type: 'string' }, papers: { type: 'string', default: '40' } } });
if (!values.dir) throw new Error('usage: --dir DATA_DIR [--papers 40]');
const index = KeywordIndex.fromState(readSnapshot(join(values.dir, SNAPSHOT_FILE)).state);
index.warm();
const db = new Database(join(values.dir, 'dailypapers.sqlite'), { readonly: true });
const total = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
const papers = db
  .prepare('SELECT doc_id, title, abstract FROM papers ORDER BY doc_id LIMIT ? OFFSET ?')
  .all(Number(values.papers), Math.floor(total / 3)) as { doc_id: number; title: string; abstract: string | null }[];
const TOP = 10;
const rank = (paper: (typeof papers)[number], postings: number) =>
  rankByTerms(index, { title: paper.title, abstract: paper.abstract, self: paper.doc_id, limit: TOP, postings })
    .slice(0, TOP)
    .map((r) => r.docId);
const unbudgeted = papers.map((paper) => rank(paper, Infinity));
console.log(`similar papers by words: ${papers.length} papers of ${total}`);
for (const budget of [Infinity, 250_000, 100_000]) {
  const times: number[] = [];
  let shared = 0;
  papers.forEach((paper, i) => {
    const started = performance.now();
    const ranked = rank(paper, budget);
    times.push(performance.now() - started);
    shared += ranked.filter((docId) => unbudgeted[i]!.includes(docId)).length;
  });
  times.sort((a, b) => a - b);
  console.log(
    `  postings budget ${budget === Infinity ? 'none' : budget.toLocaleString('en')}: median ${times[times.length >> 1]!.toFixed(1)} ms, largest ${times.at(-1)!.toFixed(1)} ms; ${(shared / papers.length).toFixed(2)} of the ten most similar as with no budget`,
  );
}
