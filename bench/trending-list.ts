/**
 * The trending list's reads on a store kept by bench/scale.ts (`--keep DIR`): the list's page
 * (src/store/feed.ts feedPage with the trending window, 30 papers and the window's total), the
 * sparklines of those papers, and the latest feed day — the store work of one `/papers/trending`
 * request, each timed apart, median of --runs. The store is opened without migrating, so the same
 * script measures a store from an older checkout's code (its src/ beside this file) as it is.
 *
 *   node --import tsx bench/trending-list.ts --reuse DIR [--store sqlite|postgres] [--runs 15]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { trendingWindowStart } from '../src/core/trending-sentence.ts';
import { openStore } from '../src/db/connect.ts';
import { sparklines } from '../src/rank/engagement-history.ts';
import { feedPage, latestFeedDay } from '../src/store/feed.ts';
import { parseStoreKind } from './bench-store.ts';

const { values } = parseArgs({
  options: { reuse: { type: 'string' }, store: { type: 'string', default: 'sqlite' }, runs: { type: 'string', default: '15' } },
});
if (!values.reuse) throw new Error('--reuse DIR: a store kept by bench/scale.ts --keep');
const kind = parseStoreKind(values.store);
const store = await openStore(
  kind === 'sqlite'
    ? { dialect: 'sqlite', file: join(values.reuse, 'dailypapers.sqlite') }
    : { dialect: 'postgres', url: readFileSync(join(values.reuse, 'database-url'), 'utf8').trim() },
  { migrate: false },
);
const now = new Date();
const times = { list: [] as number[], sparklines: [] as number[], latestDay: [] as number[] };
let listed = 0;
for (let run = 0; run < Number(values.runs); run++) {
  let started = performance.now();
  const page = await feedPage(store, {
    range: null,
    order: 'trending',
    engagedSince: trendingWindowStart(now),
    offset: 0,
    limit: 30,
  });
  times.list.push(performance.now() - started);
  listed = page.total;
  started = performance.now();
  await sparklines(
    store,
    page.items.map(({ paper, entry }) => ({ ...paper, feedDay: entry.day })),
    now,
  );
  times.sparklines.push(performance.now() - started);
  started = performance.now();
  await latestFeedDay(store);
  times.latestDay.push(performance.now() - started);
}
await store.close();
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(
  `${kind}, ${listed} papers listed, median of ${values.runs} (load ${load}): ` +
    Object.entries(times)
      .map(([part, list]) => `${part} ${median(list).toFixed(1)} ms`)
      .join(', '),
);
