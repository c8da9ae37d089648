import type { Selectable } from 'kysely';
import { mergePaper, type PaperFacts, sameFacts } from '../core/paper-merge.ts';
import type { FeedSource, PaperRecord } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import type { Database, PapersTable } from '../db/schema.ts';

/** A paper as stored, with what the community added to it. */
export interface Paper extends PaperFacts {
  upvotes: number;
  /** Visible comments, kept by the community's writes (src/store/engagement.ts). */
  numComments: number;
  createdAt: string;
}

export type SaveOutcome = 'imported' | 'updated' | 'unchanged';

export interface SaveOptions {
  /** Categories whose new papers enter the daily feed (`*` = all); see feedRuleMatches. */
  feedCategories: string[];
  now: Date;
}

// Stays well under SQLite's bound-parameter limit with ~20 columns a row.
const ROWS_PER_STATEMENT = 500;

/**
 * Stores a batch of records in one transaction and says, per record, whether it was new,
 * changed something, or changed nothing — the import summary and idempotency rest on this.
 * New papers that match a feed rule, and records that carry their own feed placement
 * (Hugging Face), enter the daily feed.
 */
export async function savePapers(store: Store, records: PaperRecord[], options: SaveOptions): Promise<SaveOutcome[]> {
  if (records.length === 0) return [];
  const now = options.now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    const ids = [...new Set(records.map((r) => r.id))];
    const stored = new Map<string, PaperFacts>();
    const inFeed = new Set<string>();
    for (const chunk of chunks(ids, ROWS_PER_STATEMENT)) {
      for (const row of await trx.selectFrom('papers').selectAll().where('id', 'in', chunk).execute()) {
        stored.set(row.id, factsFromRow(row));
      }
      for (const row of await trx.selectFrom('feed_entries').select('paper_id').where('paper_id', 'in', chunk).execute()) {
        inFeed.add(row.paper_id);
      }
    }

    const inserts = new Map<string, PaperFacts>();
    const updates = new Map<string, PaperFacts>();
    const feed = new Map<string, { day: string; source: FeedSource; rank: number | null; submittedBy: string | null }>();
    const outcomes: SaveOutcome[] = [];
    for (const record of records) {
      const before = inserts.get(record.id) ?? updates.get(record.id) ?? stored.get(record.id) ?? null;
      const after = withPublicationDate(mergePaper(before, record), record, options.now);
      const isNew = !stored.has(record.id);
      if (isNew) inserts.set(record.id, after);
      else if (!sameFacts(stored.get(record.id)!, after)) updates.set(record.id, after);

      let placed = false;
      if (!inFeed.has(record.id) && !feed.has(record.id)) {
        const placement = record.feed
          ? { day: record.feed.day, source: 'hf' as const, rank: record.feed.rank, submittedBy: record.feed.submittedBy }
          : isNew && feedRuleMatches(options.feedCategories, after.categories)
            ? { day: ruleDay(after, options.now), source: 'rule' as const, rank: null, submittedBy: null }
            : null;
        if (placement) {
          feed.set(record.id, placement);
          placed = true;
        }
      }
      outcomes.push(
        isNew && before === null ? 'imported' : !sameFacts(before ?? after, after) || placed ? 'updated' : 'unchanged',
      );
    }

    for (const chunk of chunks([...inserts.values()], ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('papers')
        .values(
          chunk.map((facts) => ({ ...rowFromFacts(facts), upvotes: facts.sourceUpvotes, created_at: now, changed_at: now })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    for (const [id, facts] of updates) {
      const previous = stored.get(id)!;
      await trx
        .updateTable('papers')
        .set((eb) => ({
          ...rowFromFacts(facts),
          upvotes: eb('upvotes', '+', facts.sourceUpvotes - previous.sourceUpvotes),
          changed_at: now,
        }))
        .where('id', '=', id)
        .execute();
    }
    for (const chunk of chunks([...feed.entries()], ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('feed_entries')
        .values(
          chunk.map(([paperId, p]) => ({
            paper_id: paperId,
            day: p.day,
            source: p.source,
            rank: p.rank,
            submitted_by: p.submittedBy,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.column('paper_id').doNothing())
        .execute();
    }
    return outcomes;
  });
}

/**
 * Every stored paper has a publication date so date order and cursors are total; a source
 * without one (a BEIR corpus, a bare HF listing) gets its listing or feed day until a
 * source with the real date arrives (merging keeps the earliest).
 */
function withPublicationDate(facts: PaperFacts, record: PaperRecord, now: Date): PaperFacts {
  if (facts.publishedAt) return facts;
  const day = facts.listedOn ?? record.feed?.day;
  return { ...facts, publishedAt: day ? `${day}T00:00:00.000Z` : now.toISOString() };
}

/** A rule such as `cs.CL` matches that category, `cs` the whole archive, `*` everything. */
export function feedRuleMatches(rules: string[], categories: string[]): boolean {
  return rules.some((rule) => rule === '*' || categories.some((c) => c === rule || c.startsWith(`${rule}.`)));
}

function ruleDay(facts: PaperFacts, now: Date): string {
  return facts.listedOn ?? facts.publishedAt?.slice(0, 10) ?? now.toISOString().slice(0, 10);
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
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('published_at', '<', after!.publishedAt),
          eb.and([eb('published_at', '=', after!.publishedAt), eb('id', '<', after!.id)]),
        ]),
      ),
    )
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(paperFromRow);
}

export type PaperRow = Selectable<PapersTable>;

export function paperFromRow(row: PaperRow): Paper {
  return { ...factsFromRow(row), upvotes: row.upvotes, numComments: row.num_comments, createdAt: row.created_at };
}

function factsFromRow(row: PaperRow): PaperFacts {
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
  } satisfies Partial<Record<keyof Database['papers'], unknown>>;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
