import { chunks } from '../core/chunks.ts';
import type { Store } from '../db/connect.ts';
import type { Paper } from '../core/paper.ts';
import { followsOf } from './follows.ts';
import { paperFromRow } from './papers.ts';

/*
 * What the hub knows of a member's taste, read in one place so recommendations have one
 * source: the library, upvotes, "more like this" and "not interested", followed authors and
 * categories.
 */

export type TasteSource = 'saved' | 'upvoted' | 'more';

export interface Taste {
  /** Newest signal first; a paper both saved and upvoted counts once, as saved. */
  positives: { paperId: string; source: TasteSource }[];
  /** Papers the member is not interested in. */
  negatives: string[];
  /** Followed authors' names. */
  authors: string[];
  /** Followed arXiv categories. */
  categories: string[];
}

export async function tasteOfMember(store: Store, userId: number): Promise<Taste> {
  const saved = await store.db
    .selectFrom('library_items')
    .select(['paper_id', 'saved_at as at'])
    .where('user_id', '=', userId)
    .execute();
  const upvoted = await store.db
    .selectFrom('votes')
    .select(['paper_id', 'created_at as at'])
    .where('user_id', '=', userId)
    .execute();
  const feedback = await store.db
    .selectFrom('paper_feedback')
    .select(['paper_id', 'kind', 'created_at as at'])
    .where('user_id', '=', userId)
    .execute();
  const negatives = feedback.filter((row) => row.kind === 'less').map((row) => row.paper_id);
  const more = feedback.filter((row) => row.kind === 'more');
  const signals = [
    ...saved.map((row) => ({ paperId: row.paper_id, source: 'saved' as const, at: row.at })),
    ...upvoted.map((row) => ({ paperId: row.paper_id, source: 'upvoted' as const, at: row.at })),
    ...more.map((row) => ({ paperId: row.paper_id, source: 'more' as const, at: row.at })),
  ].sort((a, b) => (a.at === b.at ? (a.paperId < b.paperId ? -1 : 1) : a.at < b.at ? 1 : -1));
  // A paper counts once, by its strongest sign (saved, then upvoted, then "more like this");
  // "not interested" overrides them all.
  const rank = { saved: 0, upvoted: 1, more: 2 };
  const strongest = new Map<string, TasteSource>();
  for (const s of signals)
    if (!strongest.has(s.paperId) || rank[s.source] < rank[strongest.get(s.paperId)!]) strongest.set(s.paperId, s.source);
  const rejected = new Set(negatives);
  const positives = signals
    .filter((s) => strongest.get(s.paperId) === s.source && !rejected.has(s.paperId))
    .map(({ paperId, source }) => ({ paperId, source }));
  const follows = await followsOf(store, userId);
  return { positives, negatives, authors: follows.authors, categories: follows.categories };
}

/** A paper as recommendations read it: its index key and text (hidden papers too: they still describe a taste). */
export interface PaperText {
  id: string;
  docId: number;
  title: string;
  abstract: string | null;
  authors: string[];
  categories: string[];
}

/** The given papers' texts by id; unknown ids are absent from the map. */
export async function paperTexts(store: Store, ids: readonly string[]): Promise<Map<string, PaperText>> {
  const out = new Map<string, PaperText>();
  for (const chunk of chunks([...new Set(ids)], 500)) {
    const rows = await store.db
      .selectFrom('papers')
      .select(['id', 'doc_id', 'title', 'abstract', 'authors', 'categories'])
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) {
      out.set(row.id, {
        id: row.id,
        docId: Number(row.doc_id),
        title: row.title,
        abstract: row.abstract,
        authors: JSON.parse(row.authors) as string[],
        categories: JSON.parse(row.categories) as string[],
      });
    }
  }
  return out;
}

/** Papers to pick from on the first run: the most upvoted of the newest, none hidden. */
export async function starterPapers(store: Store, limit: number): Promise<Paper[]> {
  const rows = await store.db
    .selectFrom('papers')
    .selectAll()
    .where('hidden_at', 'is', null)
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .limit(limit * 10)
    .execute();
  return rows
    .map(paperFromRow)
    .sort((a, b) => b.upvotes - a.upvotes || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}
