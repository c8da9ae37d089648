import type { TrendingSettings } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { User } from '../store/accounts.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  type CommentStateChange,
  commentsOnPaper,
  getComment,
  insertComment,
  paperOfComment,
  replyTarget,
  setCommentState,
  type StoredComment,
  updateCommentText,
} from '../store/comments.ts';
import { lockPaper } from '../store/engagement.ts';
import { paperHidden } from '../store/moderation.ts';
import { getPaper } from '../store/papers.ts';
import { refreshEngagement } from './engagement.ts';
import { Refusal } from './errors.ts';
import { renderCommentMarkdown } from './markdown.ts';
import { isModerator } from './roles.ts';

export const MAX_COMMENT_CHARS = 10_000;

/** A comment as a viewer may see it; replies nest one level. */
export interface CommentView {
  id: number;
  parentId: number | null;
  author: { handle: string; name: string } | null;
  createdAt: string;
  /** Set when the author changed the text after posting. */
  editedAt: string | null;
  text: string;
  html: string;
  deleted: boolean;
  /** Only moderators see hidden comments, marked so with the reason. */
  hidden: boolean;
  hiddenReason: string | null;
  replies: CommentView[];
}

export async function postComment(
  store: Store,
  author: User,
  paperId: string,
  input: { text?: unknown; parentId?: unknown },
  settings: TrendingSettings,
  now: Date,
): Promise<CommentView> {
  const text = commentText(input.text);
  const parentId =
    input.parentId === undefined || input.parentId === null || input.parentId === '' ? null : Number(input.parentId);
  if (parentId !== null && !Number.isSafeInteger(parentId)) throw new Refusal('invalid', 'parentId must be a comment id');
  const paper = await getPaper(store, paperId);
  if (!paper || (await paperHidden(store, paperId))) throw new Refusal('not-found', `no paper ${paperId}`);
  // One transaction: the comment, then the paper's comment count and trending rank re-derived.
  const id = await store.db.transaction().execute(async (trx) => {
    if (!(await lockPaper(store, trx, paperId))) throw new Refusal('not-found', `no paper ${paperId}`);
    if (parentId !== null) {
      const parent = await replyTarget(trx, parentId);
      if (!parent || parent.paperId !== paperId || parent.deleted)
        throw new Refusal('invalid', 'the comment replied to does not exist on this paper');
      if (parent.parentId !== null)
        throw new Refusal('invalid', 'replies go one level deep: reply to the comment this one answers');
    }
    const newId = await insertComment(
      trx,
      { paperId, parentId, userId: author.id, text, html: renderCommentMarkdown(text) },
      now,
    );
    await refreshEngagement(trx, paperId, settings, now);
    return newId;
  });
  return view((await getComment(store, id))!, []);
}

export async function editComment(
  store: Store,
  actor: User,
  commentId: number,
  textInput: unknown,
  now: Date,
): Promise<CommentView> {
  const comment = await ownComment(store, actor, commentId);
  const text = commentText(textInput);
  await updateCommentText(store, commentId, text, renderCommentMarkdown(text), now);
  return view((await getComment(store, comment.id))!, []);
}

/** Authors delete their own comments; moderators hide others' instead, with a reason in the log. */
export async function deleteComment(
  store: Store,
  actor: User,
  commentId: number,
  settings: TrendingSettings,
  now: Date,
): Promise<void> {
  await ownComment(store, actor, commentId);
  await changeCommentState(store, commentId, { deleted: true }, settings, now);
}

/**
 * Deletes, hides or unhides a comment and re-derives the paper's counters and rank, in one
 * transaction with `alsoWrite` (a moderation log entry).
 */
export async function changeCommentState(
  store: Store,
  id: number,
  change: CommentStateChange,
  settings: TrendingSettings,
  now: Date,
  alsoWrite: (trx: Kysely<Database>) => Promise<void> = async () => {},
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const paperId = await paperOfComment(trx, id);
    await lockPaper(store, trx, paperId);
    await setCommentState(trx, id, change, now);
    await refreshEngagement(trx, paperId, settings, now);
    await alsoWrite(trx);
  });
}

/**
 * The discussion of a paper for one viewer (null: not logged in): top-level comments oldest
 * first, each with its replies. Hidden comments only for moderators; a deleted comment stays
 * as a placeholder only while it has replies to show.
 */
export async function discussion(store: Store, paperId: string, viewer: User | null): Promise<CommentView[]> {
  const moderator = viewer !== null && isModerator(viewer);
  const visible = (await commentsOnPaper(store, paperId)).filter((c) => moderator || c.hiddenAt === null);
  const replies = new Map<number, CommentView[]>();
  for (const c of visible) {
    if (c.parentId === null || c.deletedAt !== null) continue;
    replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), view(c, [])]);
  }
  return visible
    .filter((c) => c.parentId === null && (c.deletedAt === null || replies.has(c.id)))
    .map((c) => view(c, replies.get(c.id) ?? []));
}

async function ownComment(store: Store, actor: User, commentId: number): Promise<StoredComment> {
  const comment = await getComment(store, commentId);
  if (!comment || comment.deletedAt !== null) throw new Refusal('not-found', `no comment ${commentId}`);
  if (comment.userId !== actor.id) throw new Refusal('forbidden', 'only its author may change or delete a comment');
  return comment;
}

function commentText(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') throw new Refusal('invalid', 'the comment is empty');
  if (input.length > MAX_COMMENT_CHARS)
    throw new Refusal('invalid', `a comment may have at most ${MAX_COMMENT_CHARS} characters`);
  return input.replace(/\r\n/g, '\n').trim();
}

function view(c: StoredComment, replies: CommentView[]): CommentView {
  const deleted = c.deletedAt !== null;
  return {
    id: c.id,
    parentId: c.parentId,
    author: deleted ? null : { handle: c.author.handle, name: c.author.displayName },
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    text: c.text,
    html: c.html,
    deleted,
    hidden: c.hiddenAt !== null,
    hiddenReason: c.hiddenReason,
    replies,
  };
}
