/**
 * The phrase test's speed with the term positions in memory and in the snapshot's file, in one
 * process so every variant meets the same load: the arXiv listings (74,728 papers) built into
 * the keyword index, then for each phrase below its candidates (the papers holding its words,
 * as a search finds them) tested as a search tests them — the first 40,000 (the work budget),
 * 2,048 at a time. Variants: "memory" (a cold build: every position held in memory), "file"
 * (the index loaded from its snapshot, positions read from the file, which the page cache
 * holds), and with --before <a worktree of an earlier commit>, that commit's index (its
 * phraseTest, one closure call a candidate). Rounds alternate which variant goes first; the
 * papers each variant keeps must be the same. Then the snapshot's read-back (readSnapshot and
 * KeywordIndex.fromState) of the same index by this commit and, with --before, by the earlier one
 * (from a file its own writer wrote: the formats may differ), alternating.
 *
 *   npm run bench:phrase-positions -- [--data ../shared/data] [--rounds 30] [--before ../main]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { SearchDocument } from '../src/core/paper.ts';
import { forEachWord, termOf } from '../src/search/analyzer.ts';
import { readSnapshot, writeSnapshot } from '../src/search/index-snapshot.ts';
import { type IndexQuery, KeywordIndex, type Matches } from '../src/search/keyword-index.ts';
import { DEFAULT_SEARCH_BUDGET } from '../src/search/work-budget.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    rounds: { type: 'string', default: '30' },
    before: { type: 'string' },
  },
});
const LISTINGS = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
const CHUNK = 2_048; // search.ts POSITION_CHUNK

const PHRASES = [
  'language models',
  'large language models',
  'chain of thought',
  'neural networks',
  'reinforcement learning',
  'state of the art',
  'diffusion models',
  'graph neural networks',
  'the proposed method',
  'extensive experiments demonstrate',
  'quantum error correction',
  'model model',
].map((phrase) => {
  const terms: string[] = [];
  forEachWord(phrase, true, (word) => terms.push(termOf(word)));
  return terms;
});

interface Variant {
  name: string;
  /** The papers among the candidates that may hold the phrase. */
  keep(matches: Matches, terms: string[]): number;
  candidates(terms: string[]): Matches;
}

async function listings(): Promise<SearchDocument[]> {
  const docs: SearchDocument[] = [];
  const lines = createInterface({ input: createReadStream(LISTINGS).pipe(createGunzip()) });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { title: string; summary: string; authors: string[]; categories: string[] };
    docs.push({
      docId: docs.length + 1,
      title: row.title,
      abstract: row.summary,
      authors: row.authors,
      categories: row.categories,
      publishedAt: null,
      hasCode: false,
    });
  }
  return docs;
}

function requiredOf(terms: string[]): IndexQuery {
  return { scored: [], required: terms.map((term) => ({ term, field: 'any' as const })), excluded: [] };
}

function ours(name: string, index: KeywordIndex): Variant {
  return {
    name,
    candidates: (terms) => index.match(requiredOf(terms)),
    keep(matches, terms) {
      const affordable = Math.min(matches.count, DEFAULT_SEARCH_BUDGET.positionTests);
      let kept = 0;
      for (let from = 0; from < affordable; from += CHUNK) {
        const verdicts = index.possiblePhrases([terms], matches.slots, from, Math.min(affordable, from + CHUNK));
        for (const verdict of verdicts) kept += verdict;
      }
      return kept;
    },
  };
}

/** An earlier commit's index: a closure a phrase, called a candidate at a time. */
interface EarlierIndex {
  match(query: IndexQuery): Matches;
  phraseTest(terms: string[]): (slot: number) => boolean;
}

function earlier(index: EarlierIndex): Variant {
  return {
    name: 'before',
    candidates: (terms) => index.match(requiredOf(terms)),
    keep(matches, terms) {
      const test = index.phraseTest(terms);
      const affordable = Math.min(matches.count, DEFAULT_SEARCH_BUDGET.positionTests);
      let kept = 0;
      for (let i = 0; i < affordable; i++) if (test(matches.slots[i]!)) kept++;
      return kept;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const docs = await listings();
  const build = (make: () => { add(doc: SearchDocument): void; finish(): unknown }) => {
    const builder = make();
    for (const doc of docs) builder.add(doc);
    return builder.finish();
  };
  const variants: Variant[] = [ours('memory', build(() => KeywordIndex.builder()) as KeywordIndex)];
  const dir = mkdtempSync(join(tmpdir(), 'dp-phrase-positions-'));
  const file = join(dir, 'index.bin');
  await writeSnapshot(file, (build(() => KeywordIndex.builder()) as KeywordIndex).capture(), 0, 'bench');
  const loaded = KeywordIndex.fromState((await readSnapshot(file)).state);
  variants.push(ours('file', loaded));
  const before = values.before
    ? {
        index: (await import(resolve(values.before, 'src/search/keyword-index.ts'))) as {
          KeywordIndex: {
            builder(): { add(doc: SearchDocument): void; finish(): EarlierIndex };
            fromState(state: unknown): EarlierIndex;
          };
        },
        snapshot: (await import(resolve(values.before, 'src/search/index-snapshot.ts'))) as {
          readSnapshot(file: string): Promise<{ state: unknown }>;
          writeSnapshot(file: string, capture: unknown, changeVersion: number, database: string): Promise<void>;
        },
      }
    : null;
  const beforeFile = join(dir, 'before.bin');
  if (before) {
    variants.push(earlier(build(() => before.index.KeywordIndex.builder()) as EarlierIndex));
    // A build of its own: writing a snapshot moves an index's positions to the file.
    const written = build(() => before.index.KeywordIndex.builder()) as { capture(): unknown };
    await before.snapshot.writeSnapshot(beforeFile, written.capture(), 0, 'bench');
  }
  const memory = loaded.memoryBytes();
  console.log(
    `${docs.length} papers; file-backed index: positions in memory ${(memory.positions / 1e6).toFixed(1)} MB, in the file ${(memory.positionsOnDisk / 1e6).toFixed(1)} MB`,
  );
  const candidates = variants.map((variant) => PHRASES.map((terms) => variant.candidates(terms)));
  const counts = candidates[0]!.map((matches) => Math.min(matches.count, DEFAULT_SEARCH_BUDGET.positionTests));
  console.log(`candidates tested per round: ${counts.reduce((a, b) => a + b, 0)} (${counts.join(', ')})`);

  const times = variants.map(() => [] as number[]);
  const kept = variants.map(() => [] as number[]);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (round + k) % variants.length;
      const started = performance.now();
      const keptNow = PHRASES.map((terms, p) => variants[v]!.keep(candidates[v]![p]!, terms));
      times[v]!.push(performance.now() - started);
      kept[v] = keptNow;
    }
  }
  for (const [v, variant] of variants.entries()) {
    if (JSON.stringify(kept[v]) !== JSON.stringify(kept[0]))
      throw new Error(`${variant.name} keeps other papers than ${variants[0]!.name}`);
    const t = times[v]!;
    console.log(
      `${variant.name.padEnd(7)} a round (${PHRASES.length} phrases): p50 ${median(t).toFixed(2)} ms, p90 ${percentile(t, 90).toFixed(2)} ms, min ${Math.min(...t).toFixed(2)} ms`,
    );
  }
  console.log(`kept per phrase: ${kept[0]!.join(', ')}`);

  const reads: { name: string; read(): Promise<void> }[] = [
    { name: 'this', read: async () => KeywordIndex.fromState((await readSnapshot(file)).state).close() },
  ];
  if (before) {
    reads.push({
      name: 'before',
      read: async () => void before.index.KeywordIndex.fromState((await before.snapshot.readSnapshot(beforeFile)).state),
    });
  }
  const readTimes = reads.map(() => [] as number[]);
  for (let round = 0; round < 12; round++) {
    for (let k = 0; k < reads.length; k++) {
      const r = (round + k) % reads.length;
      const started = performance.now();
      await reads[r]!.read();
      readTimes[r]!.push(performance.now() - started);
    }
  }
  for (const [r, { name }] of reads.entries()) {
    const t = readTimes[r]!;
    console.log(
      `snapshot read + index made, ${name.padEnd(6)}: p50 ${median(t).toFixed(1)} ms, min ${Math.min(...t).toFixed(1)} ms (12 reads)`,
    );
  }
  loaded.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
