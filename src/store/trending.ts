import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { formatDay } from '../core/dates.ts';
import type { SourceUpvotes } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { Database, FeedEntriesTable, PapersTable } from '../db/schema.ts';

/** A query over a paper (`p`) and its feed entry (`f`): the trending list's rows. */
type ListedPaper = ExpressionBuilder<Database & { p: PapersTable; f: FeedEntriesTable }, 'p' | 'f'>;

const MS_PER_DAY = 86_400_000;

/** The first day whose midnight is at or after `since`: source upvotes count from that feed day on. */
function firstDayOf(since: Date): string {
  return formatDay(new Date(Math.ceil(since.getTime() / MS_PER_DAY) * MS_PER_DAY));
}

/**
 * Whether a paper on a feed has engagement the formula counts at or after `since`: a local
 * upvote or a member's first visible comment (papers.engaged_at, the latest of them), or source
 * upvotes (counted as cast on the day the paper entered the feed, as
 * src/core/trending.ts#sourceUpvotesAt says). The trending list shows these papers only: a
 * paper whose engagement is all older has decayed out of it.
 */
export function engagedSince(since: Date): (eb: ListedPaper) => Expression<SqlBool> {
  const at = since.toISOString();
  const firstDay = firstDayOf(since);
  return (eb) => eb.or([eb.and([eb('p.source_upvotes', '>', 0), eb('f.day', '>=', firstDay)]), eb('p.engaged_at', '>=', at)]);
}

/**
 * The papers engagedSince may keep, named through indexes: those engaged by a member in the
 * window (papers_engaged) or entered on a feed day in it (feed_entries_day). Filtered by
 * engagedSince alone, the list has nothing to look papers up by: at a million papers SQLite
 * walked the whole papers table to probe each for a feed entry (2.8 s).
 */
export function activeSince(since: Date): (eb: ListedPaper) => Expression<SqlBool> {
  const at = since.toISOString();
  const firstDay = firstDayOf(since);
  return (eb) =>
    eb(
      'f.paper_id',
      'in',
      eb
        .selectFrom('papers as ep')
        .select('ep.id as paper_id')
        .where('ep.engaged_at', '>=', at)
        .unionAll(eb.selectFrom('feed_entries as rf').select('rf.paper_id').where('rf.day', '>=', firstDay)),
    );
}

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
      // Each source of the union reads an index (migration 0039), where the same test as one OR read every paper.
      .where('p.id', 'in', (eb) =>
        eb
          .selectFrom('papers')
          .select('id')
          .where('source_upvotes', '>', 0)
          .union(eb.selectFrom('papers').select('id').where('engagement_level', 'is not', null))
          .union(eb.selectFrom('votes').select('votes.paper_id as id'))
          .union(eb.selectFrom('comments').select('comments.paper_id as id')),
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

/**
 * A paper's place on the trending list at the window starting `since`: one more than the
 * listed papers above it; null when it is not on the list (hidden, on no feed, unranked, or
 * no engagement inside the window).
 */
export async function trendingPlace(store: Store, paperId: string, since: Date): Promise<number | null> {
  const listed = store.db
    .selectFrom('papers as p')
    .innerJoin('feed_entries as f', 'f.paper_id', 'p.id')
    .where('p.hidden_at', 'is', null)
    .where('p.trending', 'is not', null)
    .where(engagedSince(since));
  // The papers above are found by their rank (papers_trending), as many as the place is deep.
  const own = await listed.select('p.trending').where('p.id', '=', paperId).executeTakeFirst();
  if (own?.trending == null) return null;
  const row = await listed
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.trending', '>', own.trending)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

/** The stored level of every category with engagement. */
export async function categoryLevels(store: Store): Promise<number[]> {
  const rows = await store.db.selectFrom('trending_categories').select('level').execute();
  return rows.map((row) => row.level);
}

/** A paper's stored level and rank; null when there is no such paper. */
export async function storedTrending(
  store: Store,
  paperId: string,
): Promise<{ engagementLevel: number | null; trending: number | null } | null> {
  const row = await store.db
    .selectFrom('papers')
    .select(['engagement_level', 'trending'])
    .where('id', '=', paperId)
    .executeTakeFirst();
  return row ? { engagementLevel: row.engagement_level, trending: row.trending } : null;
}
