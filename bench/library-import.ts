/**
 * Importing a large BibTeX file into a member's library, at the scale of the arXiv listings
 * (74,728 papers): 10,000 entries as reference managers write them, half carrying an arXiv id
 * (Zotero's `eprint`), a quarter only a title of a stored paper, a quarter with no trace of a
 * paper on the hub. Each run imports into a fresh member's library. Beside it, in the same run,
 * the floor: reading the same file (decode and parse) without touching the database.
 *
 *   npm run bench:library-import -- [--data ../shared/data] [--store sqlite|postgres] [--entries 10000] [--runs 5]
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { parseBibliography } from '../src/library/bibliography.ts';
import { decodeBibliography, importBibliography } from '../src/library/import.ts';
import { signUp } from '../src/social/accounts.ts';
import { openBenchStore, parseStoreKind } from './bench-store.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    store: { type: 'string', default: 'sqlite' },
    entries: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
  },
});

const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
const entries = Number(values.entries);
const runs = Number(values.runs);
const log = (text: string) => process.stdout.write(`${text}\n`);

const { store, dispose } = await openBenchStore(parseStoreKind(values.store));
try {
  const { items } = await openImportStream(createReadStream(file), 'auto');
  await importPapers(store, items, { feedCategories: [] });
  const papers = await store.db.selectFrom('papers').select(['id', 'title']).orderBy('id').execute();
  log(`${store.dialect}: ${papers.length} papers stored`);

  // Every fourth paper of the store, in a fixed order: ids, titles, and entries of no paper.
  const bib = Array.from({ length: entries }, (_, i) => {
    const paper = papers[(i * 7) % papers.length]!;
    const title = paper.title.replace(/[{}]/g, '');
    if (i % 4 < 2) return `@misc{e${i},\n  title = {${title}},\n  eprint = {${paper.id}},\n  archivePrefix = {arXiv}\n}\n`;
    if (i % 4 === 2) return `@article{e${i},\n  title = {${title}},\n  author = {Someone}\n}\n`;
    return `@book{e${i},\n  title = {A Book Not On Any Hub, Volume ${i}},\n  publisher = {Elsewhere}\n}\n`;
  }).join('\n');
  const bytes = Buffer.from(bib);
  log(`file: ${entries} entries, ${(bytes.length / 1024 / 1024).toFixed(2)} MiB`);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const parseMs: number[] = [];
  const importMs: number[] = [];
  let matched = 0;
  for (let run = 0; run < runs; run++) {
    let start = performance.now();
    parseBibliography(decodeBibliography(bytes).text);
    parseMs.push(performance.now() - start);
    const member = await signUp(store, { email: `bench${run}@example.org`, password: null }, new Date());
    start = performance.now();
    const report = await importBibliography(store, member, bytes, new Date());
    importMs.push(performance.now() - start);
    matched = report.matched;
  }
  log(`matched ${matched} of ${entries}`);
  log(`parse only (floor): median ${median(parseMs).toFixed(0)} ms, runs ${parseMs.map((ms) => ms.toFixed(0)).join(' · ')}`);
  log(`import: median ${median(importMs).toFixed(0)} ms, runs ${importMs.map((ms) => ms.toFixed(0)).join(' · ')}`);
} finally {
  await dispose();
}
