/**
 * The cost of a saved filter (src/filters/filter-papers.ts) at scale: the 74,728 papers of the
 * arXiv listings in a fresh store, every cs.CL paper also placed on the daily feed by a rule (a
 * feed of about 12,000 entries), and filters of each kind, each as its page's first 30 papers and
 * as a week's digest. Beside them in the same run, the baseline: one search for "model", top 20.
 *
 *   npm run bench:filters -- [--data ../shared/data] [--runs 30] [--store sqlite|postgres]
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { type FilterInput, filterPapers, validateFilterSpec } from '../src/filters/index.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { SearchIndex } from '../src/search/index-sync.ts';
import { searchPapers } from '../src/search/index.ts';
import { openBenchStore, parseStoreKind } from './bench-store.ts';
import { stats } from './timings.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    runs: { type: 'string', default: '30' },
    store: { type: 'string', default: 'sqlite' },
  },
});
const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
const runs = Number(values.runs);
const WEEK = { from: '2026-03-02', to: '2026-03-08' };
const FILTERS: [string, FilterInput][] = [
  ['archive: words with an exclusion', { query: 'diffusion -speech', scope: 'archive' }],
  ['archive: a category less another', { categories: ['cs', '-cs.CV'], scope: 'archive' }],
  ['archive: an author', { query: 'author:"Yoshua Bengio"', scope: 'archive' }],
  ['archive: a phrase, with code', { query: '"state space"', hasCode: true, scope: 'archive' }],
  ['archive: matches nothing', { query: 'zzyzx', scope: 'archive' }],
  ['feed: category less another', { categories: ['cs.CL', '-cs.SD'] }],
  ['feed: words', { query: 'language models' }],
];

const { store, dispose } = await openBenchStore(parseStoreKind(values.store));
try {
  const { items } = await openImportStream(createReadStream(file), 'auto');
  const summary = await importPapers(store, items, { feedCategories: ['cs.CL'] });
  const search = new SearchIndex(store, { logger: pino({ level: 'warn' }) });
  await search.current();
  console.log(`imported ${summary.imported} papers (cs.CL ones on the feed); keyword index built`);

  const timings = new Map<string, number[]>();
  const time = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    const list = timings.get(name) ?? [];
    list.push(performance.now() - started);
    timings.set(name, list);
  };
  const totals = new Map<string, number>();
  for (let run = -5; run < runs; run++) {
    await time('baseline: searchPapers "model", top 20', () => searchPapers(search, { q: 'model', limit: 20 }));
    for (const [name, input] of FILTERS) {
      const spec = validateFilterSpec(input);
      await time(`${name}, page 1`, async () =>
        totals.set(name, (await filterPapers(search, spec, { offset: 0, limit: 30 })).total),
      );
      await time(`${name}, a week's digest`, () => filterPapers(search, spec, { days: WEEK, offset: 0, limit: 10 }));
    }
    // The first five runs warm the JIT and caches; they are not counted.
    if (run === -1) timings.clear();
  }
  console.log([...totals].map(([name, total]) => `${name}: ${total}`).join('; '));
  for (const [name, list] of timings) console.log(`${name.padEnd(56)} ${stats(list)}`);
} finally {
  await dispose();
}
