import type { Kysely, Selectable } from 'kysely';
import type { TrendingSettings } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { CommentsTable, Database } from '../db/schema.ts';
import { lockPaper, refreshEngagement } from './engagement.ts';

export interface StoredComment {
  id: number;
  paperId: string;
  parentId: number | null;
  userId: number;
  author: { handle: string; displayName: string };
  text: string;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
}

export interface NewComment {
  paperId: string;
  parentId: number | null;
  userId: number;
  text: string;
  html: string;
}

/**
 * Adds a comment and re-derives the paper's comment count and trending rank in the same
 * transaction. Returns the new id, or why the parent cannot take a reply.
 */
export async function insertComment(
  store: Store,
  comment: NewComment,
  settings: TrendingSettings,
  now: Date,
): Promise<{ id: number } | { refused: 'no-paper' | 'no-parent' | 'nested' }> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockPaper(store, trx, comment.paperId))) return { refused: 'no-paper' };
    if (comment.parentId !== null) {
      const parent = await trx
        .selectFrom('comments')
        .select(['paper_id', 'parent_id', 'deleted_at'])
        .where('id', '=', comment.parentId)
        .executeTakeFirst();
      if (!parent || parent.paper_id !== comment.paperId || parent.deleted_at !== null) return { refused: 'no-parent' };
      if (parent.parent_id !== null) return { refused: 'nested' };
    }
    const row = await trx
      .insertInto('comments')
      .values({
        paper_id: comment.paperId,
        parent_id: comment.parentId,
        user_id: comment.userId,
        text: comment.text,
        html: comment.html,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await refreshEngagement(trx, comment.paperId, settings, now);
    return { id: row.id };
  });
}

export async function getComment(store: Store, id: number): Promise<StoredComment | null> {
  const row = await withAuthor(store.db).where('c.id', '=', id).executeTakeFirst();
  return row ? commentFromRow(row) : null;
}

/** Every comment on a paper, oldest first; the caller decides what a viewer may see. */
export async function commentsOnPaper(store: Store, paperId: string): Promise<StoredComment[]> {
  const rows = await withAuthor(store.db).where('c.paper_id', '=', paperId).orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map(commentFromRow);
}

export async function updateCommentText(store: Store, id: number, text: string, html: string, now: Date): Promise<void> {
  await store.db.updateTable('comments').set({ text, html, edited_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Deletes (keeps the row so replies keep their place) or hides/unhides, and re-derives the paper. */
export async function changeCommentState(
  store: Store,
  id: number,
  change: { deleted: true } | { hidden: boolean; reason: string | null },
  settings: TrendingSettings,
  now: Date,
  /** Further writes that must commit with this one (a moderation log entry). */
  alsoWrite: (trx: Kysely<Database>) => Promise<void> = async () => {},
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('comments').select('paper_id').where('id', '=', id).executeTakeFirstOrThrow();
    await lockPaper(store, trx, row.paper_id);
    const set =
      'deleted' in change
        ? { deleted_at: now.toISOString(), text: '', html: '' }
        : { hidden_at: change.hidden ? now.toISOString() : null, hidden_reason: change.hidden ? change.reason : null };
    await trx.updateTable('comments').set(set).where('id', '=', id).execute();
    await refreshEngagement(trx, row.paper_id, settings, now);
    await alsoWrite(trx);
  });
}

function withAuthor(db: Kysely<Database>) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .selectAll('c')
    .select(['u.handle', 'u.display_name']);
}

function commentFromRow(row: Selectable<CommentsTable> & { handle: string; display_name: string }): StoredComment {
  return {
    id: row.id,
    paperId: row.paper_id,
    parentId: row.parent_id,
    userId: row.user_id,
    author: { handle: row.handle, displayName: row.display_name },
    text: row.text,
    html: row.html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    hiddenAt: row.hidden_at,
    hiddenReason: row.hidden_reason,
  };
}
