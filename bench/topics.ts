/**
 * The cost of /papers/topics at scale: the 74,728 papers of the arXiv listings in a fresh
 * SQLite store (the counts read only the keyword index, which holds no hidden paper, so the store
 * kind barely matters), the default question and the largest one allowed (8 terms of the most
 * common words and whole archives over 261 weeks): counting alone, and counting plus rendering
 * the page. Beside them in the same run, the baseline: one search for "model", top 20.
 *
 *   npm run bench:topics -- [--data ../shared/data] [--runs 30]
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { h } from 'preact';
import { pino } from 'pino';
import { parseTopicQuery, type TopicInput } from '../src/core/topic-query.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { SearchIndex } from '../src/search/index-sync.ts';
import { searchPapers, weeklyTopicCounts } from '../src/search/index.ts';
import { TopicsPage } from '../src/web/pages/topics-page.tsx';
import { renderPage } from '../src/web/views/render.ts';
import { openBenchStore } from './bench-store.ts';
import { stats } from './timings.ts';

const { values } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data' }, runs: { type: 'string', default: '30' } },
});
const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
const runs = Number(values.runs);
const NOW = new Date('2026-07-31T12:00:00Z');
const SITE = {
  baseUrl: 'http://localhost:3000',
  cssHref: '/s.css',
  iconHref: '/i.svg',
  upvoteScriptHref: '/u.js',
  keysScriptHref: '/k.js',
  atomHref: '/feed.atom',
};
const QUESTIONS: [string, TopicInput][] = [
  ['default: 3 terms, 52 weeks', {}],
  [
    'largest: 8 terms, 261 weeks',
    {
      terms: 'model,learning,"large language models",data,based,"neural network",cat:cs,cat:cs.LG',
      from: '2021-W32',
      to: '2026-W31',
    },
  ],
];

const { store, dispose } = await openBenchStore('sqlite');
try {
  const { items } = await openImportStream(createReadStream(file), 'auto');
  const summary = await importPapers(store, items, { feedCategories: [] });
  const search = new SearchIndex(store, { logger: pino({ level: 'warn' }) });
  await search.current();
  console.log(`imported ${summary.imported} papers; keyword index built`);

  const timings = new Map<string, number[]>();
  const time = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    const list = timings.get(name) ?? [];
    list.push(performance.now() - started);
    timings.set(name, list);
  };
  for (let run = -5; run < runs; run++) {
    await time('baseline: searchPapers "model", top 20', () => searchPapers(search, { q: 'model', limit: 20 }));
    await time('part: one word, diffusion, 52 weeks', () =>
      weeklyTopicCounts(search, parseTopicQuery({ terms: 'diffusion' }, NOW)),
    );
    await time('part: one category, cat:cs.CL, 52 weeks', () =>
      weeklyTopicCounts(search, parseTopicQuery({ terms: 'cat:cs.CL' }, NOW)),
    );
    for (const [name, input] of QUESTIONS) {
      const query = parseTopicQuery(input, NOW);
      await time(`${name}, counts`, () => weeklyTopicCounts(search, query));
      await time(`${name}, counts + page`, async () => {
        const counts = await weeklyTopicCounts(search, query);
        const result = { weeks: query.weeks, ...counts, csvHref: '/papers/topics.csv' };
        return renderPage(h(TopicsPage, { site: SITE, input, path: '/papers/topics', result }));
      });
    }
    // The first five runs warm the JIT and caches; they are not counted.
    if (run === -1) timings.clear();
  }
  const query = parseTopicQuery(QUESTIONS[1]![1], NOW);
  const counts = await weeklyTopicCounts(search, query);
  const page = renderPage(
    h(TopicsPage, {
      site: SITE,
      input: QUESTIONS[1]![1],
      path: '/papers/topics',
      result: { weeks: query.weeks, ...counts, csvHref: '' },
    }),
  );
  console.log(
    `largest page: ${Math.round(page.length / 1024)} KB; ${counts.series.map((s) => `${s.term.label} ${s.total}`).join(', ')}`,
  );
  for (const [name, list] of timings) console.log(`${name.padEnd(52)} ${stats(list)}`);
} finally {
  await dispose();
}
