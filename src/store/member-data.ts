/** Everything a member has, read for their export, and their library rows restored from one. */
import type { Store } from '../db/connect.ts';

/** When the account was made (the User shape leaves it out). */
export async function memberSince(store: Store, userId: number): Promise<string> {
  const row = await store.db.selectFrom('users').select('created_at').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.created_at;
}

export async function memberVotes(store: Store, userId: number): Promise<{ paperId: string; createdAt: string }[]> {
  const rows = await store.db
    .selectFrom('votes')
    .select(['paper_id', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('paper_id')
    .execute();
  return rows.map((row) => ({ paperId: row.paper_id, createdAt: row.created_at }));
}

export interface MemberComment {
  id: number;
  paperId: string;
  parentId: number | null;
  text: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  hidden: boolean;
}

/** The member's comments, deleted ones included (their text was theirs). */
export async function memberComments(store: Store, userId: number): Promise<MemberComment[]> {
  const rows = await store.db.selectFrom('comments').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    paperId: row.paper_id,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    text: row.text,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deleted: row.deleted_at !== null,
    hidden: row.hidden_at !== null,
  }));
}

export interface MemberSubscription {
  email: string;
  frequency: string;
  categories: string[];
  query: string | null;
  status: string;
  createdAt: string;
}

export async function memberSubscriptions(store: Store, userId: number, email: string): Promise<MemberSubscription[]> {
  const rows = await store.db
    .selectFrom('subscriptions')
    .selectAll()
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', email)]))
    // A filter's digest is exported with its filter.
    .where('filter_id', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    email: row.email,
    frequency: row.frequency,
    categories: JSON.parse(row.categories) as string[],
    query: row.query,
    status: row.status,
    createdAt: row.created_at,
  }));
}
