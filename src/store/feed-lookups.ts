import type { FeedSource } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import type { FeedEntry } from './feed.ts';

/** The most recent `limit` days that have entries, newest first (the Atom feed's window). */
export async function recentFeedDays(store: Store, limit: number): Promise<string[]> {
  const rows = await store.db.selectFrom('feed_entries').select('day').distinct().orderBy('day', 'desc').limit(limit).execute();
  return rows.map((row) => row.day);
}

/** The feed entries of many papers in one query, so a list of papers avoids one query per paper. */
export async function feedEntriesOf(store: Store, paperIds: string[]): Promise<Map<string, FeedEntry>> {
  const entries = new Map<string, FeedEntry>();
  if (paperIds.length === 0) return entries;
  const rows = await store.db.selectFrom('feed_entries').selectAll().where('paper_id', 'in', paperIds).execute();
  for (const row of rows) {
    entries.set(row.paper_id, {
      day: row.day,
      source: row.source as FeedSource,
      rank: row.rank,
      submittedBy: row.submitted_by,
      createdAt: row.created_at,
    });
  }
  return entries;
}
