import type { Kysely, Selectable } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { CommentsTable, Database } from '../db/schema.ts';

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

/** What a reply needs to know of the comment it answers; null when there is no such comment. */
export async function replyTarget(
  db: Kysely<Database>,
  id: number,
): Promise<{ paperId: string; parentId: number | null; deleted: boolean } | null> {
  const row = await db
    .selectFrom('comments')
    .select(['paper_id', 'parent_id', 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { paperId: row.paper_id, parentId: row.parent_id, deleted: row.deleted_at !== null } : null;
}

/** Stores a comment; returns its id. */
export async function insertComment(db: Kysely<Database>, comment: NewComment, now: Date): Promise<number> {
  const row = await db
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
  return row.id;
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

/** The paper a comment is on; throws when there is no such comment. */
export async function paperOfComment(db: Kysely<Database>, id: number): Promise<string> {
  const row = await db.selectFrom('comments').select('paper_id').where('id', '=', id).executeTakeFirstOrThrow();
  return row.paper_id;
}

/** Marks a comment deleted (the row stays, emptied, so replies keep their place) or hidden/unhidden. */
export async function setCommentState(db: Kysely<Database>, id: number, change: CommentStateChange, now: Date): Promise<void> {
  const set =
    'deleted' in change
      ? { deleted_at: now.toISOString(), text: '', html: '' }
      : { hidden_at: change.hidden ? now.toISOString() : null, hidden_reason: change.hidden ? change.reason : null };
  await db.updateTable('comments').set(set).where('id', '=', id).execute();
}

export type CommentStateChange = { deleted: true } | { hidden: boolean; reason: string | null };

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
