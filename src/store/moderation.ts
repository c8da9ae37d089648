import type { Kysely } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { Database, ModerationLogTable } from '../db/schema.ts';

export type ModerationAction = 'hide-paper' | 'unhide-paper' | 'hide-comment' | 'unhide-comment' | 'pick-paper' | 'set-role';

export interface ModerationEntry {
  id: number;
  actor: { handle: string; displayName: string } | null;
  action: ModerationAction;
  subjectKind: ModerationLogTable['subject_kind'];
  subjectId: string;
  reason: string;
  createdAt: string;
}

/** Appends to the public moderation log; there is deliberately no way to change or remove an entry. */
export async function appendModerationLog(
  db: Kysely<Database>,
  entry: {
    /** Null for the operator at the command line. */
    actorId: number | null;
    action: ModerationAction;
    subjectKind: ModerationLogTable['subject_kind'];
    subjectId: string;
    reason: string;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('moderation_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      subject_kind: entry.subjectKind,
      subject_id: entry.subjectId,
      reason: entry.reason,
      created_at: now.toISOString(),
    })
    .execute();
}

/** Newest first, in pages before an entry id. */
export async function moderationLog(store: Store, options: { before: number | null; limit: number }): Promise<ModerationEntry[]> {
  const rows = await store.db
    .selectFrom('moderation_log as m')
    .leftJoin('users as u', 'u.id', 'm.actor_id')
    .selectAll('m')
    .select(['u.handle', 'u.display_name'])
    .$if(options.before !== null, (q) => q.where('m.id', '<', options.before!))
    .orderBy('m.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.handle && r.display_name !== null ? { handle: r.handle, displayName: r.display_name } : null,
    action: r.action as ModerationAction,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}

export async function setPaperHidden(
  db: Kysely<Database>,
  paperId: string,
  hidden: boolean,
  reason: string | null,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('papers')
    .set({ hidden_at: hidden ? now.toISOString() : null, hidden_reason: hidden ? reason : null })
    .where('id', '=', paperId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function paperHidden(store: Store, paperId: string): Promise<{ hiddenAt: string; reason: string | null } | null> {
  const row = await store.db
    .selectFrom('papers')
    .select(['hidden_at', 'hidden_reason'])
    .where('id', '=', paperId)
    .executeTakeFirst();
  return row?.hidden_at ? { hiddenAt: row.hidden_at, reason: row.hidden_reason } : null;
}
