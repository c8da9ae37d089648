import { sql } from 'kysely';
import type { SourceUpvotes } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';

/** Everything the full recompute reads, in three scans instead of one query per paper. */
export interface EngagementRows {
  votes: { paper_id: string; created_at: string }[];
  commenters: { paper_id: string; first: string }[];
  papers: { id: string; primaryCategory: string | null; source: SourceUpvotes }[];
}

export async function allEngagementRows(store: Store): Promise<EngagementRows> {
  const [votes, commenters, papers] = await Promise.all([
    store.db.selectFrom('votes').select(['paper_id', 'created_at']).execute(),
    store.db
      .selectFrom('comments')
      .select((eb) => ['paper_id', eb.fn.min('created_at').as('first')])
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .groupBy(['paper_id', 'user_id'])
      .execute(),
    store.db
      .selectFrom('papers as p')
      .leftJoin('feed_entries as f', 'f.paper_id', 'p.id')
      .select(['p.id', 'p.primary_category', 'p.source_upvotes', 'f.day', 'p.published_at', 'p.created_at'])
      .where((eb) =>
        eb.or([
          eb('p.source_upvotes', '>', 0),
          eb('p.engagement_level', 'is not', null),
          eb.exists(eb.selectFrom('votes').select('votes.paper_id').whereRef('votes.paper_id', '=', 'p.id')),
          eb.exists(eb.selectFrom('comments').select('comments.paper_id').whereRef('comments.paper_id', '=', 'p.id')),
        ]),
      )
      .execute(),
  ]);
  return {
    votes,
    commenters: commenters.map((c) => ({ paper_id: c.paper_id, first: String(c.first) })),
    papers: papers.map((p) => ({
      id: p.id,
      primaryCategory: p.primary_category,
      source: { count: p.source_upvotes, feedDay: p.day, publishedAt: p.published_at, createdAt: p.created_at },
    })),
  };
}

export interface PaperTrending {
  id: string;
  engagementLevel: number | null;
  trending: number | null;
}

// Three parameters a row: far below SQLite's and PostgreSQL's limits.
const ROWS_PER_STATEMENT = 500;

/** Writes every paper's level and rank, and the category levels, in one transaction. */
export async function writeTrending(
  store: Store,
  papers: PaperTrending[],
  categories: Map<string, number>,
  now: Date,
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('trending_categories').execute();
    for (const [category, level] of categories) {
      await trx.insertInto('trending_categories').values({ category, level, computed_at: now.toISOString() }).execute();
    }
    for (let i = 0; i < papers.length; i += ROWS_PER_STATEMENT) {
      const rows = papers
        .slice(i, i + ROWS_PER_STATEMENT)
        .map((p) => sql`(${p.id}, CAST(${p.engagementLevel} AS double precision), CAST(${p.trending} AS double precision))`);
      // UPDATE … FROM a VALUES list: one statement per chunk on both dialects (SQLite ≥ 3.33).
      // Unchanged rows are skipped: on PostgreSQL every row update recomputes the stored search vector.
      await sql`WITH v(id, level, trending) AS (VALUES ${sql.join(rows)})
        UPDATE papers SET engagement_level = v.level, trending = v.trending FROM v
        WHERE papers.id = v.id
          AND (papers.engagement_level IS DISTINCT FROM v.level OR papers.trending IS DISTINCT FROM v.trending)`.execute(trx);
    }
  });
}

/** How many visible papers rank above this trending value: the paper's place is this plus one. */
export async function papersAbove(store: Store, trending: number): Promise<number> {
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('trending', '>', trending)
    .where('hidden_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A paper's stored level and rank, and whether a moderator hid it; null when there is no such paper. */
export async function storedTrending(
  store: Store,
  paperId: string,
): Promise<{ engagementLevel: number | null; trending: number | null; hidden: boolean } | null> {
  const row = await store.db
    .selectFrom('papers')
    .select(['engagement_level', 'trending', 'hidden_at'])
    .where('id', '=', paperId)
    .executeTakeFirst();
  return row ? { engagementLevel: row.engagement_level, trending: row.trending, hidden: row.hidden_at !== null } : null;
}
