import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { chunks } from '../core/chunks.ts';
import type { DayRange } from '../core/dates.ts';
import type { FeedEntry, FeedItem, FeedSource } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import type { Database, FeedEntriesTable } from '../db/schema.ts';
import { paperFromRow } from './papers.ts';
import { activeSince, engagedSince } from './trending.ts';

/*
 * All SQL of the feed_entries table: a paper's one place in the daily feeds, and the feed
 * pages read through it.
 */

/** `trending`: the stored rank of src/rank (README, "## Trending"); unranked papers last, by upvotes. */
export type FeedOrder = 'upvotes' | 'publishedAt' | 'trending';

export interface FeedQuery {
  range: DayRange | null;
  submitter?: string | null;
  /** Sources whose entries without a person count as the submitter's (the API's automatic accounts). */
  submitterSources?: FeedSource[];
  order: FeedOrder;
  /** Only papers with engagement at or after this instant (the trending list's window). */
  engagedSince?: Date;
  offset: number;
  limit: number;
}

// The source's order within a day; unranked entries (rules) after ranked ones on both
// dialects, which otherwise disagree on where NULL sorts.
export const SOURCE_RANK = sql`coalesce(f.rank, 2147483647)`;

/**
 * Each order over a feed entry (`f`) and its paper (`p`), ending at the paper's id so a page
 * boundary is the same on every read. Unranked papers (no engagement, or not recomputed since
 * import) follow by upvotes in the trending order.
 */
const ORDER: Record<FeedOrder, RawBuilder<unknown>> = {
  upvotes: sql`p.upvotes desc, f.day desc, ${SOURCE_RANK}, p.id desc`,
  trending: sql`p.trending desc nulls last, p.upvotes desc, f.day desc, p.id desc`,
  publishedAt: sql`f.day desc, f.created_at desc, ${SOURCE_RANK}, p.id desc`,
};

/** One page of the feed for a window of days, with the window's total. */
export async function feedPage(store: Store, query: FeedQuery): Promise<{ total: number; items: FeedItem[] }> {
  const base = store.db
    .selectFrom('feed_entries as f')
    .innerJoin('papers as p', 'p.id', 'f.paper_id')
    // Papers a moderator hid leave every feed (see the moderation log).
    .where('p.hidden_at', 'is', null)
    .$if(query.range !== null, (q) => q.where('f.day', '>=', query.range!.from).where('f.day', '<=', query.range!.to))
    .$if(query.engagedSince !== undefined, (q) =>
      q.where(activeSince(query.engagedSince!)).where(engagedSince(query.engagedSince!)),
    )
    .$if(Boolean(query.submitter), (q) =>
      q.where((eb) =>
        eb.or([
          eb('f.submitted_by', '=', query.submitter!),
          ...(query.submitterSources?.length
            ? [eb.and([eb('f.submitted_by', 'is', null), eb('f.source', 'in', query.submitterSources)])]
            : []),
        ]),
      ),
    );
  // The window's total rides on each row (`count(*) over ()`, taken before the LIMIT): one pass
  // over the window, not one to count and one to list — the trending list's filter is the page's
  // largest cost at a million papers. That pass ranks narrow rows (a paper's id and its sort
  // keys); only the page's rows are then read whole: the trending window holds thousands of
  // papers, and carrying each one's abstract through the count and the sort cost SQLite 15–24 ms
  // against 4. A page past the end has no row to carry the total: counted apart.
  const ranked = base
    .select(['p.id', sql<number | string>`count(*) over ()`.as('listed')])
    .orderBy(ORDER[query.order])
    .offset(query.offset)
    .limit(query.limit);
  const rows = await store.db
    .selectFrom(ranked.as('r'))
    .innerJoin('papers as p', 'p.id', 'r.id')
    .innerJoin('feed_entries as f', 'f.paper_id', 'p.id')
    .selectAll('p')
    .select(['f.day', 'f.source', 'f.rank', 'f.submitted_by', 'f.created_at as entered_at', 'r.listed'])
    .orderBy(ORDER[query.order])
    .execute();
  const total =
    rows.length > 0
      ? Number(rows[0]!.listed)
      : query.offset === 0
        ? 0
        : Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    total,
    items: rows.map((row) => ({
      paper: paperFromRow(row),
      entry: entryFromRow({ ...row, created_at: row.entered_at }),
    })),
  };
}

/** The feed entry of one paper, if it is on a feed. */
export async function feedEntryOf(store: Store, paperId: string): Promise<FeedEntry | null> {
  const row = await store.db.selectFrom('feed_entries').selectAll().where('paper_id', '=', paperId).executeTakeFirst();
  return row ? entryFromRow(row) : null;
}

/** The most recent day that has entries: what `/papers` shows. */
export async function latestFeedDay(store: Store): Promise<string | null> {
  const row = await store.db.selectFrom('feed_entries').select('day').orderBy('day', 'desc').limit(1).executeTakeFirst();
  return row?.day ?? null;
}

/**
 * The nearest days before `day` and after `lastDay` (a window's first and last days; `day`
 * alone for one day) that have entries, skipping empty weekends, holidays, weeks and months.
 * One query each, read off the `feed_entries_day` index.
 */
export async function neighbourFeedDays(
  store: Store,
  day: string,
  lastDay = day,
): Promise<{ previous: string | null; next: string | null }> {
  const [previous, next] = await Promise.all([
    store.db.selectFrom('feed_entries').select('day').where('day', '<', day).orderBy('day', 'desc').limit(1).executeTakeFirst(),
    store.db
      .selectFrom('feed_entries')
      .select('day')
      .where('day', '>', lastDay)
      .orderBy('day', 'asc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { previous: previous?.day ?? null, next: next?.day ?? null };
}

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
  for (const row of rows) entries.set(row.paper_id, entryFromRow(row));
  return entries;
}

/** How many papers are on any feed day (the metrics gauge). */
export async function countFeedEntries(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('feed_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Two or six parameters a row: far below SQLite's bound-parameter limit.
const ROWS_PER_STATEMENT = 500;

/** Of `paperIds`, those that already have a place in the feeds, in the caller's transaction. */
export async function papersOnFeed(db: Kysely<Database>, paperIds: readonly string[]): Promise<Set<string>> {
  const onFeed = new Set<string>();
  for (const chunk of chunks(paperIds, ROWS_PER_STATEMENT)) {
    for (const row of await db.selectFrom('feed_entries').select('paper_id').where('paper_id', 'in', chunk).execute()) {
      onFeed.add(row.paper_id);
    }
  }
  return onFeed;
}

export interface NewFeedEntry {
  paperId: string;
  day: string;
  source: FeedSource;
  rank: number | null;
  submittedBy: string | null;
  /** When the source says the paper entered its feed (Hugging Face's own time); null: now. */
  enteredAt?: string | null;
}

/** Adds feed entries; a paper that has a place already keeps it. */
export async function addFeedEntries(db: Kysely<Database>, entries: readonly NewFeedEntry[], now: Date): Promise<void> {
  for (const chunk of chunks(entries, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('feed_entries')
      .values(
        chunk.map((e) => ({
          paper_id: e.paperId,
          day: e.day,
          source: e.source,
          rank: e.rank,
          submitted_by: e.submittedBy,
          created_at: e.enteredAt ?? now.toISOString(),
        })),
      )
      .onConflict((oc) => oc.column('paper_id').doNothing())
      .execute();
  }
}

/**
 * Puts a paper on a day's feed, or moves it there: a paper has one place in the feeds.
 * Submissions keep an existing place (`keepExisting`); a curator's pick replaces it.
 * Returns the placement that holds afterwards.
 */
export async function placeOnFeed(
  db: Kysely<Database>,
  placement: { paperId: string; day: string; source: FeedSource; submittedBy: string },
  now: Date,
  keepExisting: boolean,
): Promise<{ day: string; source: FeedSource; submittedBy: string | null; created: boolean }> {
  const row = await db
    .insertInto('feed_entries')
    .values({
      paper_id: placement.paperId,
      day: placement.day,
      source: placement.source,
      rank: null,
      submitted_by: placement.submittedBy,
      created_at: now.toISOString(),
    })
    .onConflict((oc) =>
      keepExisting
        ? oc.column('paper_id').doNothing()
        : oc
            .column('paper_id')
            .doUpdateSet({ day: placement.day, source: placement.source, submitted_by: placement.submittedBy }),
    )
    .returning(['day', 'source', 'submitted_by'])
    .executeTakeFirst();
  if (row) return { day: row.day, source: row.source, submittedBy: row.submitted_by, created: true };
  const existing = await db
    .selectFrom('feed_entries')
    .select(['day', 'source', 'submitted_by'])
    .where('paper_id', '=', placement.paperId)
    .executeTakeFirstOrThrow();
  return { day: existing.day, source: existing.source, submittedBy: existing.submitted_by, created: false };
}

function entryFromRow(row: Omit<Selectable<FeedEntriesTable>, 'paper_id'>): FeedEntry {
  return { day: row.day, source: row.source, rank: row.rank, submittedBy: row.submitted_by, createdAt: row.created_at };
}
