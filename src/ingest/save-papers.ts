import { importPlacement } from '../core/feed-placement.ts';
import { mergePaper, sameFacts, withPublicationDate } from '../core/paper-merge.ts';
import type { PaperFacts, PaperRecord } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import { addFeedEntries, type NewFeedEntry, papersOnFeed } from '../store/feed.ts';
import { insertPapers, storedFacts, updatePaperFacts } from '../store/papers.ts';

/** How many records were new, changed something, or changed nothing: the import summary. */
export interface SaveCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

/** Adds one batch's counts to running totals (an import's summary). */
export function addCounts(totals: SaveCounts, counts: SaveCounts): void {
  totals.imported += counts.imported;
  totals.updated += counts.updated;
  totals.unchanged += counts.unchanged;
}

/** Where saves put their papers, added up over an import: what `import` reports. */
export interface FeedTally {
  /** Papers placed on each feed day. */
  days: Map<string, number>;
  /** Papers that had a place before (they keep it). */
  alreadyOnFeed: number;
  /** Papers on no feed afterwards: in the archive (and search) only. */
  archiveOnly: number;
}

export function emptyFeedTally(): FeedTally {
  return { days: new Map(), alreadyOnFeed: 0, archiveOnly: 0 };
}

/** Adds placed entries to a tally's days. */
export function tallyDays(tally: FeedTally, entries: Iterable<{ day: string }>): void {
  for (const { day } of entries) tally.days.set(day, (tally.days.get(day) ?? 0) + 1);
}

export interface SaveOptions {
  /** Categories whose papers enter the daily feed when they have no place (`*` = all); see importPlacement. */
  feedCategories: readonly string[];
  now: Date;
  /** Told where the papers went. */
  tally?: FeedTally;
}

/**
 * Stores a batch of records in one transaction and counts what each did — the import summary
 * and idempotency rest on this. Each record is merged into what is stored (mergePaper), and
 * placed on the feed by the import feed rule (importPlacement) unless it has a place already.
 * The tally counts only what was committed.
 */
export async function savePapers(store: Store, records: readonly PaperRecord[], options: SaveOptions): Promise<SaveCounts> {
  const counts: SaveCounts = { imported: 0, updated: 0, unchanged: 0 };
  if (records.length === 0) return counts;
  const { now } = options;
  let where = { placed: [] as NewFeedEntry[], alreadyOnFeed: 0, archiveOnly: 0 };
  await store.db.transaction().execute(async (trx) => {
    const ids = [...new Set(records.map((r) => r.id))];
    const stored = await storedFacts(trx, ids);
    const onFeed = await papersOnFeed(trx, ids);

    const inserts = new Map<string, PaperFacts>();
    const updates = new Map<string, PaperFacts>();
    const placements = new Map<string, NewFeedEntry>();
    for (const record of records) {
      const before = inserts.get(record.id) ?? updates.get(record.id) ?? stored.get(record.id) ?? null;
      const after = withPublicationDate(mergePaper(before, record), record, now);
      const isNew = !stored.has(record.id);
      if (isNew) inserts.set(record.id, after);
      else if (!sameFacts(stored.get(record.id)!, after)) updates.set(record.id, after);

      const placement =
        onFeed.has(record.id) || placements.has(record.id) ? null : importPlacement(record, after, options.feedCategories, now);
      if (placement) placements.set(record.id, { paperId: record.id, ...placement });

      if (isNew && before === null) counts.imported++;
      else if (!sameFacts(before ?? after, after) || placement) counts.updated++;
      else counts.unchanged++;
    }

    await insertPapers(trx, [...inserts.values()], now);
    for (const facts of updates.values()) await updatePaperFacts(trx, facts, now);
    await addFeedEntries(trx, [...placements.values()], now);
    where = {
      placed: [...placements.values()],
      alreadyOnFeed: onFeed.size,
      archiveOnly: ids.filter((id) => !onFeed.has(id) && !placements.has(id)).length,
    };
  });
  if (options.tally) {
    tallyDays(options.tally, where.placed);
    options.tally.alreadyOnFeed += where.alreadyOnFeed;
    options.tally.archiveOnly += where.archiveOnly;
  }
  return counts;
}
