import type { Kysely } from 'kysely';
import { type EngagementEvent, engagementLevel, type TrendingSettings, trendingScore } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

/** What a paper's counters and trending rank are after a vote or comment changed. */
export interface Engagement {
  upvotes: number;
  numComments: number;
  engagementLevel: number | null;
  trending: number | null;
}

/**
 * Recomputes a paper's derived columns from the rows they count — upvotes from the votes
 * table, comments from the visible comments, trending from both — inside the caller's
 * transaction, so a counter can never drift from what it counts (lobsters' rule).
 */
export async function refreshEngagement(
  db: Kysely<Database>,
  paperId: string,
  settings: TrendingSettings,
  now: Date,
): Promise<Engagement> {
  const { primary_category } = await db
    .selectFrom('papers')
    .select('primary_category')
    .where('id', '=', paperId)
    .executeTakeFirstOrThrow();
  const level = engagementLevel(await engagementEvents(db, paperId, settings), settings);
  const trending = trendingScore(level, await categoryLevelOf(db, primary_category ?? '', level, now), settings);
  // One UPDATE for all four: on PostgreSQL each row update also recomputes the stored search vector.
  const counts = await db
    .updateTable('papers')
    .set((eb) => ({
      upvotes: eb(
        'source_upvotes',
        '+',
        eb
          .selectFrom('votes')
          .select((v) => v.fn.countAll<number>().as('n'))
          .where('votes.paper_id', '=', paperId),
      ),
      num_comments: eb
        .selectFrom('comments')
        .select((c) => c.fn.countAll<number>().as('n'))
        .where('comments.paper_id', '=', paperId)
        .where('comments.deleted_at', 'is', null)
        .where('comments.hidden_at', 'is', null),
      engagement_level: level,
      trending,
    }))
    .where('id', '=', paperId)
    .returning(['upvotes', 'num_comments'])
    .executeTakeFirstOrThrow();
  return { upvotes: Number(counts.upvotes), numComments: Number(counts.num_comments), engagementLevel: level, trending };
}

export interface CountedEvent extends EngagementEvent {
  kind: 'upvote' | 'source-upvotes' | 'comment';
}

/**
 * Starts a write that changes a paper's counters: locks the paper row on PostgreSQL so each
 * such transaction sees the ones committed before it (SQLite runs one writer at a time anyway).
 * False when the paper does not exist.
 */
export async function lockPaper(store: Store, trx: Kysely<Database>, paperId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('papers')
    .select('id')
    .where('id', '=', paperId)
    .$if(store.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  return row !== undefined;
}

/** The events the formula counts for one paper: local upvotes, source upvotes, first comment per member. */
export async function engagementEvents(
  db: Kysely<Database>,
  paperId: string,
  settings: TrendingSettings,
): Promise<CountedEvent[]> {
  const [votes, commenters, source] = await Promise.all([
    db.selectFrom('votes').select('created_at').where('paper_id', '=', paperId).execute(),
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.min('created_at').as('first'))
      .where('paper_id', '=', paperId)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .groupBy('user_id')
      .execute(),
    db
      .selectFrom('papers as p')
      .leftJoin('feed_entries as f', 'f.paper_id', 'p.id')
      .select(['p.source_upvotes', 'f.day', 'p.published_at', 'p.created_at'])
      .where('p.id', '=', paperId)
      .executeTakeFirst(),
  ]);
  const events: CountedEvent[] = votes.map((v) => ({ kind: 'upvote', at: v.created_at, weight: 1 }));
  for (const c of commenters) events.push({ kind: 'comment', at: String(c.first), weight: settings.commentWeight });
  if (source && source.source_upvotes > 0)
    events.push({ kind: 'source-upvotes', at: sourceUpvotesAt(source), weight: source.source_upvotes });
  return events;
}

/**
 * A source (Hugging Face) reports a count, not when each vote came: they count as cast
 * when the paper entered the feed, else when it was published.
 */
export function sourceUpvotesAt(row: { day: string | null; published_at: string | null; created_at: string }): string {
  return row.day ? `${row.day}T00:00:00.000Z` : (row.published_at ?? row.created_at);
}

/**
 * The category's stored level, refreshed by the full recompute (src/rank). A category
 * first seen since then starts at the paper's own level: its volume is at least this paper.
 */
async function categoryLevelOf(db: Kysely<Database>, category: string, paperLevel: number | null, now: Date): Promise<number> {
  const row = await db.selectFrom('trending_categories').select('level').where('category', '=', category).executeTakeFirst();
  if (row) return row.level;
  if (paperLevel === null) return 0;
  await db
    .insertInto('trending_categories')
    .values({ category, level: paperLevel, computed_at: now.toISOString() })
    .onConflict((oc) => oc.column('category').doNothing())
    .execute();
  return paperLevel;
}
