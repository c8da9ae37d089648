import { sql } from 'kysely';
import type { DayRange } from '../core/dates.ts';
import type { FeedSource } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import { type Paper, paperFromRow } from './papers.ts';

/** How a paper got onto a day's feed. */
export interface FeedEntry {
  day: string;
  source: FeedSource;
  rank: number | null;
  submittedBy: string | null;
  createdAt: string;
}

export interface FeedItem {
  paper: Paper;
  entry: FeedEntry;
}

/** `trending`: the stored rank of src/rank (README, "## Trending"); unranked papers last, by upvotes. */
export type FeedOrder = 'upvotes' | 'publishedAt' | 'trending';

export interface FeedQuery {
  range: DayRange | null;
  submitter?: string | null;
  order: FeedOrder;
  offset: number;
  limit: number;
}

// The source's order within a day; unranked entries (rules) after ranked ones on both
// dialects, which otherwise disagree on where NULL sorts.
const SOURCE_RANK = sql`coalesce(f.rank, 2147483647)`;

/** One page of the feed for a window of days, with the window's total. */
export async function feedPage(store: Store, query: FeedQuery): Promise<{ total: number; items: FeedItem[] }> {
  const base = store.db
    .selectFrom('feed_entries as f')
    .innerJoin('papers as p', 'p.id', 'f.paper_id')
    // Papers a moderator hid leave every feed (see the moderation log).
    .where('p.hidden_at', 'is', null)
    .$if(query.range !== null, (q) => q.where('f.day', '>=', query.range!.from).where('f.day', '<=', query.range!.to))
    .$if(Boolean(query.submitter), (q) => q.where('f.submitted_by', '=', query.submitter!));
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .selectAll('p')
      .select(['f.day', 'f.source', 'f.rank', 'f.submitted_by', 'f.created_at as entered_at'])
      .$if(query.order === 'upvotes', (q) =>
        q.orderBy('p.upvotes', 'desc').orderBy('f.day', 'desc').orderBy(SOURCE_RANK).orderBy('p.id', 'desc'),
      )
      // Papers the formula has not ranked yet (no engagement, or not recomputed since import) follow by upvotes.
      .$if(query.order === 'trending', (q) =>
        q
          .orderBy(sql`p.trending desc nulls last`)
          .orderBy('p.upvotes', 'desc')
          .orderBy('f.day', 'desc')
          .orderBy('p.id', 'desc'),
      )
      .$if(query.order === 'publishedAt', (q) =>
        q.orderBy('f.day', 'desc').orderBy('f.created_at', 'desc').orderBy(SOURCE_RANK).orderBy('p.id', 'desc'),
      )
      .offset(query.offset)
      .limit(query.limit)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((row) => ({
      paper: paperFromRow(row),
      entry: {
        day: row.day,
        source: row.source as FeedSource,
        rank: row.rank,
        submittedBy: row.submitted_by,
        createdAt: row.entered_at,
      },
    })),
  };
}

/** The feed entry of one paper, if it is on a feed. */
export async function feedEntryOf(store: Store, paperId: string): Promise<FeedEntry | null> {
  const row = await store.db.selectFrom('feed_entries').selectAll().where('paper_id', '=', paperId).executeTakeFirst();
  return row
    ? { day: row.day, source: row.source as FeedSource, rank: row.rank, submittedBy: row.submitted_by, createdAt: row.created_at }
    : null;
}

/** The most recent day that has entries: what `/papers` shows. */
export async function latestFeedDay(store: Store): Promise<string | null> {
  const row = await store.db.selectFrom('feed_entries').select('day').orderBy('day', 'desc').limit(1).executeTakeFirst();
  return row?.day ?? null;
}

/** The nearest days before and after `day` that have entries, skipping empty weekends and holidays. */
export async function neighbourFeedDays(store: Store, day: string): Promise<{ previous: string | null; next: string | null }> {
  const [previous, next] = await Promise.all([
    store.db.selectFrom('feed_entries').select('day').where('day', '<', day).orderBy('day', 'desc').limit(1).executeTakeFirst(),
    store.db.selectFrom('feed_entries').select('day').where('day', '>', day).orderBy('day', 'asc').limit(1).executeTakeFirst(),
  ]);
  return { previous: previous?.day ?? null, next: next?.day ?? null };
}
