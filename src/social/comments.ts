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
  /**
   * Moderators see hidden comments, marked so with the reason; members see a hidden comment
   * only as a placeholder above its replies (no author, no text).
   */
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
    // A paper hidden by a moderator takes no new comments, as it takes no votes.
    if ((await lockPaper(store, trx, paperId)) !== 'visible') throw new Refusal('not-found', `no paper ${paperId}`);
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
  return view((await getComment(store, id))!, [], false);
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
  return view((await getComment(store, comment.id))!, [], false);
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
 * first, each with its replies. Hidden comments only for moderators; a deleted or hidden
 * comment stays as a placeholder (no author, no text) while it has replies to show, so
 * hiding one comment does not silence the members who answered it.
 */
export async function discussion(store: Store, paperId: string, viewer: User | null): Promise<CommentView[]> {
  const moderator = viewer !== null && isModerator(viewer);
  const shown = (c: StoredComment) => moderator || c.hiddenAt === null;
  const comments = await commentsOnPaper(store, paperId);
  const replies = new Map<number, CommentView[]>();
  for (const c of comments) {
    if (c.parentId === null || c.deletedAt !== null || !shown(c)) continue;
    replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), view(c, [], false)]);
  }
  return comments
    .filter((c) => c.parentId === null && (replies.has(c.id) || (shown(c) && c.deletedAt === null)))
    .map((c) => view(c, replies.get(c.id) ?? [], !shown(c)));
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

/** A comment as shown; `withheld` (hidden, seen by a member) keeps only its place in the thread. */
function view(c: StoredComment, replies: CommentView[], withheld: boolean): CommentView {
  const deleted = c.deletedAt !== null;
  const placeholder = deleted || withheld;
  return {
    id: c.id,
    parentId: c.parentId,
    author: placeholder ? null : { handle: c.author.handle, name: c.author.displayName },
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    text: placeholder ? '' : c.text,
    html: placeholder ? '' : c.html,
    deleted,
    hidden: c.hiddenAt !== null,
    hiddenReason: c.hiddenReason,
    replies,
  };
}
