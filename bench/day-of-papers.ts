import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PaperRecord } from '../src/core/paper.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';

/**
 * The first `count` real arXiv papers of the shared listings, put on the feed of `day` with
 * varied upvotes: a realistic day for the page benchmarks.
 */
export async function dayOfPapers(dataDir: string, day: string, count: number): Promise<PaperRecord[]> {
  const file = join(dataDir, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
  if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
  const { items } = await openImportStream(createReadStream(file), 'auto');
  const records: PaperRecord[] = [];
  for await (const item of items) {
    if (item.kind !== 'record') continue;
    const n = records.length;
    records.push({ ...item.record, sourceUpvotes: (n * 37) % 101, feed: { day, rank: n + 1, submittedBy: null } });
    if (records.length === count) break;
  }
  return records;
}
