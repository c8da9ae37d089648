import type { Kysely } from 'kysely';
import type { EngagementFacts } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { derivedUpvotes } from './papers.ts';

/*
 * The SQL of a paper's engagement: the rows the trending formula counts, and the derived
 * columns (counters, level, rank) written back. The formula itself is src/core/trending.ts;
 * the capabilities (social, rank) run it inside their transactions.
 */

/**
 * Starts a write that changes a paper's counters: locks the paper row on PostgreSQL so each
 * such transaction sees the ones committed before it (SQLite runs one writer at a time anyway).
 * Says whether the paper is visible or hidden by a moderator; null when it does not exist.
 */
export async function lockPaper(store: Store, trx: Kysely<Database>, paperId: string): Promise<'visible' | 'hidden' | null> {
  const row = await trx
    .selectFrom('papers')
    .select('hidden_at')
    .where('id', '=', paperId)
    .$if(store.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) return null;
  return row.hidden_at === null ? 'visible' : 'hidden';
}

/**
 * One paper's engagement rows, primary category and that category's stored level (null when
 * none is stored yet); null when the paper does not exist.
 */
export async function paperEngagement(
  db: Kysely<Database>,
  paperId: string,
): Promise<(EngagementFacts & { primaryCategory: string | null; categoryLevel: number | null }) | null> {
  const paper = await db
    .selectFrom('papers as p')
    .leftJoin('feed_entries as f', 'f.paper_id', 'p.id')
    .leftJoin('trending_categories as t', (join) =>
      join.on((eb) => eb('t.category', '=', eb.fn.coalesce('p.primary_category', eb.val('')))),
    )
    .select(['p.primary_category', 'p.source_upvotes', 'f.day', 'p.published_at', 'p.created_at', 't.level'])
    .where('p.id', '=', paperId)
    .executeTakeFirst();
  if (!paper) return null;
  // Votes and first comments in one round trip: this runs inside the vote's locked transaction.
  const events = await db
    .selectFrom('votes')
    .select((eb) => [eb.val('upvote').as('kind'), 'created_at as at'])
    .where('paper_id', '=', paperId)
    .unionAll((eb) =>
      eb
        .selectFrom('comments')
        .select((c) => [c.val('comment').as('kind'), c.fn.min<string>('created_at').as('at')])
        .where('paper_id', '=', paperId)
        .where('deleted_at', 'is', null)
        .where('hidden_at', 'is', null)
        .groupBy('user_id'),
    )
    .execute();
  return {
    primaryCategory: paper.primary_category,
    categoryLevel: paper.level,
    upvotes: events.filter((e) => e.kind === 'upvote').map((e) => e.at),
    firstComments: events.filter((e) => e.kind === 'comment').map((e) => String(e.at)),
    source: { count: paper.source_upvotes, feedDay: paper.day, publishedAt: paper.published_at, createdAt: paper.created_at },
  };
}

/** A category's stored level, as the full recompute (src/rank) or a first paper left it. */
export async function storedCategoryLevel(
  db: Kysely<Database>,
  category: string,
): Promise<{ level: number; computedAt: string } | null> {
  const row = await db
    .selectFrom('trending_categories')
    .select(['level', 'computed_at'])
    .where('category', '=', category)
    .executeTakeFirst();
  return row ? { level: row.level, computedAt: row.computed_at } : null;
}

/** Stores a category's level unless one is stored already (a concurrent writer's wins). */
export async function addCategoryLevel(db: Kysely<Database>, category: string, level: number, now: Date): Promise<void> {
  await db
    .insertInto('trending_categories')
    .values({ category, level, computed_at: now.toISOString() })
    .onConflict((oc) => oc.column('category').doNothing())
    .execute();
}

/**
 * Writes a paper's level, rank and latest engagement and re-derives its counters from the rows
 * they count — upvotes by derivedUpvotes, comments from the visible comments — so a counter can
 * never drift from what it counts (lobsters' rule). One UPDATE for all five: on PostgreSQL each
 * row update also recomputes the stored search vector.
 */
export async function writeEngagement(
  db: Kysely<Database>,
  paperId: string,
  derived: { engagementLevel: number | null; trending: number | null; engagedAt: string | null },
): Promise<{ upvotes: number; numComments: number }> {
  const counts = await db
    .updateTable('papers')
    .set((eb) => ({
      upvotes: derivedUpvotes(eb, eb.ref('source_upvotes')),
      num_comments: eb
        .selectFrom('comments')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('comments.paper_id', '=', 'papers.id')
        .where('comments.deleted_at', 'is', null)
        .where('comments.hidden_at', 'is', null),
      engagement_level: derived.engagementLevel,
      trending: derived.trending,
      engaged_at: derived.engagedAt,
    }))
    .where('id', '=', paperId)
    .returning(['upvotes', 'num_comments'])
    .executeTakeFirstOrThrow();
  return { upvotes: Number(counts.upvotes), numComments: Number(counts.num_comments) };
}
