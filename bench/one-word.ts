/**
 * One-word searches at scale, in process: the best page of a common word with and without
 * filters, ranked three ways over the index of a kept store's snapshot: every match scored and
 * ranked (KeywordIndex.match and bestFirst, as before bestMatches), every posting read keeping the
 * best (bestMatches without a head: other BM25 parameters than the index's own turn heads off),
 * and from the word's head (bestMatches; the head is made by a first search, timed apart). Median
 * of 15 after 3 unrecorded; every way must give the same page and count.
 *
 *   npm run bench:one-word -- --dir DATA_DIR_OF_A_KEPT_STORE
 *   (e.g. the folder bench:scale --keep left: search-index.v3.bin)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { termOf } from '../src/search/analyzer.ts';
import { readSnapshot } from '../src/search/index-snapshot.ts';
import { SNAPSHOT_FILE } from '../src/search/index.ts';
import { type IndexQuery, KeywordIndex, type Matches } from '../src/search/keyword-index.ts';
import { bestFirst } from '../src/search/ordering.ts';
import { byRelevance } from '../src/search/search.ts';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
if (!values.dir) throw new Error('usage: --dir DATA_DIR');
const index = KeywordIndex.fromState(readSnapshot(join(values.dir, SNAPSHOT_FILE)).state);
index.warm();
const PAGE = 28; // the search page's 20 and the spare search.ts ranks past it
const noHeads = { ...index.params };

const word = (text: string, extra: Partial<IndexQuery> = {}): IndexQuery => ({
  scored: [{ term: termOf(text), weight: 1 }],
  required: [],
  excluded: [],
  ...extra,
});
const queries: [string, IndexQuery][] = [
  ['model', word('model')],
  ['model, cs.CL', word('model', { category: 'cs.CL' })],
  ['model, has code', word('model', { hasCode: true })],
  ['model, 90 days', word('model', { fromDay: 20260402, toDay: 20260701 })],
  ['model -survey', word('model', { excluded: [termOf('survey')] })],
  ['learning', word('learning')],
  ['diffusion', word('diffusion')],
];

function median(run: () => void): number {
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[7]!;
}

/** The page's slots, best first, asking the order for no more (a 29th would rank every match: bestFirst's second phase). */
function page(matches: Matches): number[] {
  const order = bestFirst(matches.count, byRelevance(index, matches), PAGE);
  const slots: number[] = [];
  while (slots.length < PAGE) {
    const next = order.next();
    if (next.done) break;
    slots.push(matches.slots[next.value]!);
  }
  return slots;
}
console.log(`one-word searches, the best ${PAGE} of ${index.liveCount} papers (ms, median of 15)`);
console.log('  query              papers   every match   every posting   head (first search)');
for (const [name, query] of queries) {
  const all = index.match(query);
  const madeStarted = performance.now();
  const fromHead = index.bestMatches(query, PAGE);
  const madeMs = performance.now() - madeStarted;
  const scanned = index.bestMatches(query, PAGE, noHeads);
  if (JSON.stringify(page(fromHead)) !== JSON.stringify(page(all)) || fromHead.total !== all.count)
    throw new Error(`${name}: the head's page differs from every match's`);
  if (JSON.stringify(page(scanned)) !== JSON.stringify(page(all)) || scanned.total !== all.count)
    throw new Error(`${name}: the scan's page differs from every match's`);
  const everyMatch = median(() => page(index.match(query)));
  const everyPosting = median(() => index.bestMatches(query, PAGE, noHeads));
  const head = median(() => index.bestMatches(query, PAGE));
  console.log(
    `  ${name.padEnd(18)} ${String(all.count).padStart(7)}   ${everyMatch.toFixed(1).padStart(11)}   ${everyPosting.toFixed(1).padStart(13)}   ${head.toFixed(1).padStart(4)} (${madeMs.toFixed(0)})`,
  );
}
