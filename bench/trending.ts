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
import type { User } from '../src/store/accounts.ts';

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

// Deterministic pseudo-random numbers (mulberry32), so every run votes the same way.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const papers = await store.db.selectFrom('papers').select(['id', 'published_at']).orderBy('id').execute();
const members: User[] = [];
const memberRows = Array.from({ length: Number(values.members) }, (_, i) => ({
  email: `m${i}@bench.test`,
  handle: `m${i}`,
  display_name: `Member ${i}`,
  password_hash: null,
  role: 'member' as const,
  created_at: new Date().toISOString(),
}));
for (let i = 0; i < memberRows.length; i += 1000) {
  const rows = await store.db
    .insertInto('users')
    .values(memberRows.slice(i, i + 1000))
    .returningAll()
    .execute();
  members.push(
    ...rows.map((r) => ({
      id: r.id,
      email: r.email,
      handle: r.handle,
      displayName: r.display_name,
      role: r.role,
      createdAt: r.created_at,
    })),
  );
}

seconds = performance.now();
const votes = new Map<string, { user_id: number; paper_id: string; created_at: string }>();
while (votes.size < Number(values.votes)) {
  // Zipf-like: paper index ~ N·u³ puts most votes on few papers.
  const paper = papers[Math.floor(papers.length * random() ** 3)]!;
  const member = members[Math.floor(members.length * random())]!;
  const at = new Date(Date.parse(paper.published_at!) + random() * 30 * 86_400_000).toISOString();
  votes.set(`${member.id}:${paper.id}`, { user_id: member.id, paper_id: paper.id, created_at: at });
}
const rows = [...votes.values()];
for (let i = 0; i < rows.length; i += 1000)
  await store.db
    .insertInto('votes')
    .values(rows.slice(i, i + 1000))
    .execute();
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
