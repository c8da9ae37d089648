/**
 * The authors and arXiv categories a member follows. `followsOf` is what recommendations read.
 * An author is kept as the member wrote the name and matched by its lower-case `key`, so
 * "ada lovelace" and "Ada  Lovelace" are one follow.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

export type FollowKind = 'author' | 'category';

export interface Follow {
  kind: FollowKind;
  value: string;
  createdAt: string;
}

export interface FollowRow {
  userId: number;
  kind: FollowKind;
  key: string;
  value: string;
  createdAt: string;
}

/** Adds follows the member does not have yet; returns how many were new. */
export async function insertFollows(db: Kysely<Database>, rows: readonly FollowRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db
    .insertInto('follows')
    .values(rows.map((r) => ({ user_id: r.userId, kind: r.kind, key: r.key, value: r.value, created_at: r.createdAt })))
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'key']).doNothing())
    .returning('key')
    .execute();
  return added.length;
}

/** Unfollows; false when the member did not follow it. */
export async function deleteFollow(store: Store, userId: number, kind: FollowKind, key: string): Promise<boolean> {
  const result = await store.db
    .deleteFrom('follows')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteAllFollows(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('follows').where('user_id', '=', userId).execute();
}

export async function countFollows(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('follows')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every follow of the member, oldest first. */
export async function followList(store: Store, userId: number): Promise<Follow[]> {
  const rows = await store.db
    .selectFrom('follows')
    .select(['kind', 'value', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows.map((r) => ({ kind: r.kind, value: r.value, createdAt: r.created_at }));
}

/** The author names and categories the member follows (for recommendations). */
export async function followsOf(store: Store, userId: number): Promise<{ authors: string[]; categories: string[] }> {
  const follows = await followList(store, userId);
  return {
    authors: follows.filter((f) => f.kind === 'author').map((f) => f.value),
    categories: follows.filter((f) => f.kind === 'category').map((f) => f.value),
  };
}

/** One follow of the member, if they have it. */
export async function followOf(db: Kysely<Database>, userId: number, kind: FollowKind, key: string): Promise<Follow | undefined> {
  const row = await db
    .selectFrom('follows')
    .select(['kind', 'value', 'created_at'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { kind: row.kind, value: row.value, createdAt: row.created_at };
}
