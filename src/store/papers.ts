import type { Expression, ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { chunks } from '../core/chunks.ts';
import type { MetadataSource, Organization, Paper, PaperFacts } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import type { Database, PapersTable } from '../db/schema.ts';

// Stays well under SQLite's bound-parameter limit with ~20 columns a row.
const ROWS_PER_STATEMENT = 500;

/** The stored facts of those of `ids` that are stored, in the caller's transaction. */
export async function storedFacts(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, PaperFacts>> {
  const stored = new Map<string, PaperFacts>();
  for (const chunk of chunks(ids, ROWS_PER_STATEMENT)) {
    for (const row of await db.selectFrom('papers').selectAll().where('id', 'in', chunk).execute()) {
      stored.set(row.id, factsFromRow(row));
    }
  }
  return stored;
}

/** Stored facts in id order, the page after `afterId` (null: the first), for a walk over every paper. */
export async function storedFactsAfter(db: Kysely<Database>, afterId: string | null, limit: number): Promise<PaperFacts[]> {
  const rows = await db
    .selectFrom('papers')
    .selectAll()
    .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(factsFromRow);
}

/** Up to `limit` stored papers that are on no feed, in id order after `afterId` (a keyset page). */
export async function papersOffFeed(db: Kysely<Database>, afterId: string | null, limit: number): Promise<PaperFacts[]> {
  const rows = await db
    .selectFrom('papers')
    .selectAll()
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('feed_entries as f').select('f.paper_id').whereRef('f.paper_id', '=', 'papers.id'))),
    )
    .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(factsFromRow);
}

/** Inserts new papers; a paper stored meanwhile is left as it is. A new paper has no votes yet. */
export async function insertPapers(db: Kysely<Database>, papers: readonly PaperFacts[], now: Date): Promise<void> {
  for (const chunk of chunks(papers, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('papers')
      .values(
        chunk.map((facts) => ({
          ...rowFromFacts(facts),
          upvotes: facts.sourceUpvotes,
          created_at: now.toISOString(),
          changed_at: now.toISOString(),
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** Overwrites a stored paper's facts, re-deriving its upvotes from the new source count. */
export async function updatePaperFacts(db: Kysely<Database>, facts: PaperFacts, now: Date): Promise<void> {
  await db
    .updateTable('papers')
    .set((eb) => ({
      ...rowFromFacts(facts),
      upvotes: derivedUpvotes(eb, eb.val(facts.sourceUpvotes)),
      changed_at: now.toISOString(),
    }))
    .where('id', '=', facts.id)
    .execute();
}

/**
 * The one derivation of a paper's upvotes (lobsters' rule: counted, never incremented): what
 * the source counted plus the members' votes in the votes table.
 */
export function derivedUpvotes(eb: ExpressionBuilder<Database, 'papers'>, sourceUpvotes: Expression<number>) {
  return eb(
    sourceUpvotes,
    '+',
    eb
      .selectFrom('votes')
      .select((v) => v.fn.countAll<number>().as('n'))
      .whereRef('votes.paper_id', '=', 'papers.id'),
  );
}

export async function getPaper(store: Store, id: string): Promise<Paper | null> {
  const row = await store.db.selectFrom('papers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? paperFromRow(row) : null;
}

export async function countPapers(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface PaperCursor {
  publishedAt: string;
  id: string;
}

/** Every paper, newest publication first, in pages that stay stable while papers arrive. */
export async function listPapers(store: Store, options: { after: PaperCursor | null; limit: number }): Promise<Paper[]> {
  const { after, limit } = options;
  const rows = await store.db
    .selectFrom('papers')
    .selectAll()
    // One row-value comparison, not `published_at < ? or (published_at = ? and id < ?)`: with the
    // values bound, SQLite plans that OR as a walk of papers_published_at from the newest paper
    // down to the cursor (tens of ms 90 % deep at a million); this is a seek to the cursor.
    .$if(after !== null, (q) =>
      q.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(after!.publishedAt, after!.id))),
    )
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(paperFromRow);
}

export function paperFromRow(row: Selectable<PapersTable>): Paper {
  return { ...factsFromRow(row), upvotes: row.upvotes, numComments: row.num_comments, createdAt: row.created_at };
}

function factsFromRow(row: Selectable<PapersTable>): PaperFacts {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    categories: JSON.parse(row.categories) as string[],
    primaryCategory: row.primary_category,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    comment: row.comment,
    journalRef: row.journal_ref,
    doi: row.doi,
    githubRepo: row.github_repo,
    projectPage: row.project_page,
    sourceUpvotes: row.source_upvotes,
    listedOn: row.listed_on,
    source: row.source as MetadataSource,
    aiSummary: row.ai_summary,
    aiKeywords: JSON.parse(row.ai_keywords) as string[],
    organization: row.organization === null ? null : (JSON.parse(row.organization) as Organization),
    githubStars: row.github_stars,
  };
}

function rowFromFacts(facts: PaperFacts) {
  return {
    id: facts.id,
    version: facts.version,
    title: facts.title,
    abstract: facts.abstract,
    authors: JSON.stringify(facts.authors),
    categories: JSON.stringify(facts.categories),
    primary_category: facts.primaryCategory,
    published_at: facts.publishedAt,
    updated_at: facts.updatedAt,
    comment: facts.comment,
    journal_ref: facts.journalRef,
    doi: facts.doi,
    github_repo: facts.githubRepo,
    project_page: facts.projectPage,
    source_upvotes: facts.sourceUpvotes,
    listed_on: facts.listedOn,
    source: facts.source,
    ai_summary: facts.aiSummary,
    ai_keywords: JSON.stringify(facts.aiKeywords),
    organization: facts.organization === null ? null : JSON.stringify(facts.organization),
    github_stars: facts.githubStars,
  } satisfies Partial<Record<keyof Database['papers'], unknown>>;
}
