import { parseDay } from '../core/dates.ts';
import type { TrendingSettings } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { Role } from '../db/schema.ts';
import { type User, updateRole, userById } from '../store/accounts.ts';
import { getComment } from '../store/comments.ts';
import { placeOnFeed } from '../store/feed.ts';
import { appendModerationLog, setPaperHidden } from '../store/moderation.ts';
import { getPaper } from '../store/papers.ts';
import { ROLES } from './accounts.ts';
import { changeCommentState } from './comments.ts';
import { Refusal } from './errors.ts';
import { isAdmin, isModerator } from './roles.ts';

const MAX_REASON = 500;

/** Hides a paper from every feed, or brings it back; logged with the reason. */
export async function hidePaper(
  store: Store,
  actor: User,
  paperId: string,
  hidden: boolean,
  reasonInput: unknown,
  now: Date,
): Promise<void> {
  requireModerator(actor);
  const reason = requireReason(reasonInput);
  await store.db.transaction().execute(async (trx) => {
    if (!(await setPaperHidden(trx, paperId, hidden, reason, now))) throw new Refusal('not-found', `no paper ${paperId}`);
    await appendModerationLog(
      trx,
      { actorId: actor.id, action: hidden ? 'hide-paper' : 'unhide-paper', subjectKind: 'paper', subjectId: paperId, reason },
      now,
    );
  });
}

/** Hides a comment from members (moderators still see it, marked), or brings it back. */
export async function hideComment(
  store: Store,
  actor: User,
  commentId: number,
  hidden: boolean,
  reasonInput: unknown,
  settings: TrendingSettings,
  now: Date,
): Promise<void> {
  requireModerator(actor);
  const reason = requireReason(reasonInput);
  const comment = await getComment(store, commentId);
  if (!comment) throw new Refusal('not-found', `no comment ${commentId}`);
  await changeCommentState(store, commentId, { hidden, reason }, settings, now, (trx) =>
    appendModerationLog(
      trx,
      {
        actorId: actor.id,
        action: hidden ? 'hide-comment' : 'unhide-comment',
        subjectKind: 'comment',
        subjectId: `${comment.paperId}#${commentId}`,
        reason,
      },
      now,
    ),
  );
}

/** A curator's pick: the paper goes on (or moves to) the day's feed. */
export async function pickPaper(
  store: Store,
  actor: User,
  paperId: string,
  dayInput: string,
  reasonInput: unknown,
  now: Date,
): Promise<void> {
  requireModerator(actor);
  const day = parseDay(dayInput);
  if (!day) throw new Refusal('invalid', `"${dayInput}" is not a day (YYYY-MM-DD)`);
  const reason = requireReason(reasonInput);
  if (!(await getPaper(store, paperId))) throw new Refusal('not-found', `no paper ${paperId}; index it first`);
  await store.db.transaction().execute(async (trx) => {
    await placeOnFeed(trx, { paperId, day, source: 'curated', submittedBy: actor.handle }, now, false);
    await appendModerationLog(
      trx,
      { actorId: actor.id, action: 'pick-paper', subjectKind: 'feed', subjectId: `${day}/${paperId}`, reason },
      now,
    );
  });
}

export async function setRole(
  store: Store,
  actor: User,
  userId: number,
  role: Role,
  reasonInput: unknown,
  now: Date,
): Promise<void> {
  if (!isAdmin(actor)) throw new Refusal('forbidden', 'only admins change roles');
  if (!ROLES.includes(role)) throw new Refusal('invalid', `role must be one of ${ROLES.join(', ')}`);
  const reason = requireReason(reasonInput);
  const target = await userById(store, userId);
  if (!target) throw new Refusal('not-found', `no member ${userId}`);
  await store.db.transaction().execute(async (trx) => {
    await updateRole(trx, userId, role);
    await appendModerationLog(
      trx,
      {
        actorId: actor.id,
        action: 'set-role',
        subjectKind: 'user',
        subjectId: target.handle,
        reason: `${target.role} → ${role}: ${reason}`,
      },
      now,
    );
  });
}

function requireModerator(actor: User): void {
  if (!isModerator(actor)) throw new Refusal('forbidden', 'only moderators may do this');
}

function requireReason(input: unknown): string {
  const reason = typeof input === 'string' ? input.trim() : '';
  if (!reason) throw new Refusal('invalid', 'a reason is required; it is shown in the public moderation log');
  return reason.slice(0, MAX_REASON);
}
