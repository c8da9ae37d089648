/**
 * Trending recomputation at scale: the 74,728 papers of arxiv-listings and 100,000 synthetic
 * votes from 5,000 members (a few papers get many, most get few: a Zipf-like spread over the
 * papers, cast over the 30 days after each paper's listing). Measures the full recompute
 * (every paper's level, every category's level, all ranks written) and one vote's update
 * (the vote plus its paper's counts and rank, in one transaction).
 *
 *   node --import tsx bench/trending.ts [--data ../shared/data] [--database-url postgres://…] [--runs 3]
 */
import { createReadStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { openStore } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { recomputeTrending } from '../src/rank/trending.ts';
import { vote } from '../src/social/votes.ts';
import { insertMembers, insertVotes, zipfVotes } from './bench-votes.ts';
import { seededRandom } from '../src/core/seeded-random.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    'database-url': { type: 'string' },
    votes: { type: 'string', default: '100000' },
    members: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    'single-votes': { type: 'string', default: '300' },
  },
});

const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
const dir = mkdtempSync(join(tmpdir(), 'dp-bench-trending-'));
const config = loadConfig({
  DATA_DIR: dir,
  SECRET: 'bench',
  LOG_LEVEL: 'silent',
  ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
});
const store = await openStore(config.database);
const settings = config.trending;
const log = (text: string) => process.stdout.write(`${text}\n`);

let seconds = performance.now();
const { items } = await openImportStream(createReadStream(file), 'auto');
const summary = await importPapers(store, items, { feedCategories: ['*'] });
log(`${store.dialect}: imported ${summary.imported} papers in ${((performance.now() - seconds) / 1000).toFixed(1)} s`);

const random = seededRandom(42);
const papers = await store.db.selectFrom('papers').select(['id', 'published_at']).orderBy('id').execute();
const members = await insertMembers(store, Number(values.members));

seconds = performance.now();
// Cast over the 30 days after each paper's listing.
const rows = zipfVotes(papers, members, Number(values.votes), {
  paperId: (paper) => paper.id,
  castAt: (paper, u) => new Date(Date.parse(paper.published_at!) + u * 30 * 86_400_000).toISOString(),
  random,
});
await insertVotes(store, rows);
log(`${rows.length} votes by ${members.length} members inserted in ${((performance.now() - seconds) / 1000).toFixed(1)} s`);

const fullRuns: number[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  seconds = performance.now();
  const counts = await recomputeTrending(store, settings, new Date());
  fullRuns.push((performance.now() - seconds) / 1000);
  log(
    `full recompute ${run + 1}: ${fullRuns.at(-1)!.toFixed(2)} s (${counts.papers} ranked papers, ${counts.categories} categories)`,
  );
}

const single: number[] = [];
for (let i = 0; i < Number(values['single-votes']); i++) {
  const paper = papers[Math.floor(papers.length * random() ** 3)]!;
  const member = members[Math.floor(members.length * random())]!;
  const started = performance.now();
  await vote(store, member, paper.id, 'toggle', settings, new Date());
  single.push(performance.now() - started);
}
single.sort((a, b) => a - b);
const at = (q: number) => single[Math.min(single.length - 1, Math.floor(q * single.length))]!.toFixed(2);
fullRuns.sort((a, b) => a - b);
log(
  `full recompute median ${fullRuns[Math.floor(fullRuns.length / 2)]!.toFixed(2)} s; one vote's update p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
);
await store.close();
