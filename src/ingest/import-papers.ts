import type { ParsedItem, PaperRecord } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import { addCounts, type FeedTally, type SaveCounts, savePapers } from './save-papers.ts';

export interface ImportSummary extends SaveCounts {
  rejected: number;
}

export interface Rejection {
  /** Line number (JSON Lines) or record number (XML, JSON arrays), 1-based. */
  at: number;
  reason: string;
}

export interface ImportOptions {
  feedCategories: string[];
  /** Told where the papers went (feed days, archive only). */
  tally?: FeedTally;
  /** Records stored per transaction: large enough to amortise a commit, small enough to lose little. */
  batchSize?: number;
  now?: () => Date;
  onRejected?: (rejection: Rejection) => void;
  /** Called after each stored batch with the running totals. */
  onProgress?: (summary: Readonly<ImportSummary>) => void;
}

/**
 * Stores a stream of parsed items batch by batch, so memory stays flat however long the
 * input is, and everything read before a fault is already stored when the fault surfaces.
 */
export async function importPapers(
  store: Store,
  items: AsyncIterable<ParsedItem>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 1000;
  const now = options.now ?? (() => new Date());
  const summary: ImportSummary = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  let batch: PaperRecord[] = [];
  // The batch being stored while the next one is read: reading and parsing overlap the store's
  // work (a PostgreSQL server is another process, on another core). One at a time, in order: a
  // batch may repeat papers of the one before, so that one is committed before the next begins.
  let saving: Promise<void> = Promise.resolve();

  const flush = async () => {
    await saving;
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    saving = savePapers(store, records, { feedCategories: options.feedCategories, now: now(), tally: options.tally }).then(
      (counts) => {
        addCounts(summary, counts);
        options.onProgress?.(summary);
      },
    );
    // Its failure is thrown where it is awaited (the next flush, or the end), not as an unhandled rejection meanwhile.
    saving.catch(() => {});
  };

  try {
    for await (const item of items) {
      if (item.kind === 'rejected') {
        summary.rejected++;
        options.onRejected?.({ at: item.at, reason: item.reason });
        continue;
      }
      batch.push(item.record);
      if (batch.length >= batchSize) await flush();
    }
  } finally {
    // A failing input still leaves every record read before the failure stored.
    await flush();
    await saving;
  }
  return summary;
}
