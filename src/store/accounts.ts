import type { Kysely, Selectable } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { Database, Role, UsersTable } from '../db/schema.ts';

/** A member as the rest of the code sees one: never the password hash. */
export interface User {
  id: number;
  email: string;
  handle: string;
  displayName: string;
  role: Role;
  createdAt: string;
}

export interface NewUser {
  email: string;
  handle: string;
  displayName: string;
  passwordHash: string | null;
  role: Role;
  /** Whether the address is known to be the member's (an account the operator made); else its first login link proves it. */
  emailVerified: boolean;
}

export async function insertUser(store: Store, user: NewUser, now: Date): Promise<User> {
  const inserted = await insertUserUnlessTaken(store, user, now);
  if (!inserted) throw new Error(`users: ${user.email} or @${user.handle} is taken`);
  return inserted;
}

/**
 * Inserts the account, or nothing when its address or handle is taken (null): concurrent
 * signups meet at the unique indexes instead of failing there.
 */
export async function insertUserUnlessTaken(store: Store, user: NewUser, now: Date): Promise<User | null> {
  const row = await store.db
    .insertInto('users')
    .values({
      email: user.email,
      handle: user.handle,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      created_at: now.toISOString(),
      email_verified_at: user.emailVerified ? now.toISOString() : null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? userFromRow(row) : null;
}

/** The user, their password hash and whether their address is verified, for the one place that checks passwords. */
export async function credentialsByEmail(
  store: Store,
  email: string,
): Promise<{ user: User; passwordHash: string | null; emailVerified: boolean } | null> {
  const row = await store.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? { user: userFromRow(row), passwordHash: row.password_hash, emailVerified: row.email_verified_at !== null } : null;
}

export async function userById(store: Store, id: number): Promise<User | null> {
  const row = await store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? userFromRow(row) : null;
}

export async function userByEmail(store: Store, email: string): Promise<User | null> {
  return (await credentialsByEmail(store, email))?.user ?? null;
}

/** Handles in use among `candidates`, to pick a free one without a retry loop on the unique index. */
export async function takenHandles(store: Store, candidates: string[]): Promise<Set<string>> {
  const rows = await store.db.selectFrom('users').select('handle').where('handle', 'in', candidates).execute();
  return new Set(rows.map((r) => r.handle));
}

/**
 * The administrators' ids, their rows locked on PostgreSQL until the transaction ends, so two
 * role changes that each count the admins cannot both pass on the same count.
 */
export async function lockAdmins(store: Store, trx: Kysely<Database>): Promise<number[]> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .$if(store.dialect === 'postgres', (q) => q.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Locks the member's row on PostgreSQL until the transaction ends, so two requests that each
 * count what the member has against a limit cannot both pass on the same count. (SQLite runs
 * one write transaction at a time already.)
 */
export async function lockMember(store: Store, trx: Kysely<Database>, userId: number): Promise<void> {
  if (store.dialect !== 'postgres') return;
  await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}

export async function updateRole(db: Kysely<Database>, userId: number, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function insertSession(store: Store, tokenHash: string, userId: number, now: Date, expiresAt: Date): Promise<void> {
  await store.db
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .execute();
}

export async function userBySession(store: Store, tokenHash: string, now: Date): Promise<User | null> {
  const row = await store.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? userFromRow(row) : null;
}

export async function deleteSession(store: Store, tokenHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function insertApiToken(
  store: Store,
  userId: number,
  name: string,
  tokenHash: string,
  now: Date,
): Promise<ApiToken> {
  const row = await store.db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: tokenHash, created_at: now.toISOString() })
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

/** The token's member and when the token was last marked used; a read only, so it works on a store that cannot write. */
export async function userByApiToken(
  store: Store,
  tokenHash: string,
): Promise<{ user: User; tokenId: number; lastUsedAt: string | null } | null> {
  const row = await store.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select(['t.id as token_id', 't.last_used_at'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? { user: userFromRow(row), tokenId: row.token_id, lastUsedAt: row.last_used_at } : null;
}

/** Marks the token used at `now`, never moving the mark back (concurrent requests may finish out of order). */
export async function markApiTokenUsed(store: Store, tokenId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await store.db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute();
}

export async function listApiTokens(store: Store, userId: number): Promise<ApiToken[]> {
  const rows = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Deletes one of the member's own tokens; false when there is no such token of theirs. */
export async function deleteApiToken(store: Store, userId: number, tokenId: number): Promise<boolean> {
  const result = await store.db
    .deleteFrom('api_tokens')
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Stores a login link unless the account already has `maxOpen` unused, unexpired ones (false):
 * the throttle on login mails per address. The account row is locked on PostgreSQL while
 * counting, so concurrent requests cannot all pass the same count.
 */
export async function insertLoginLinkUnlessMany(
  store: Store,
  link: { tokenHash: string; userId: number; expiresAt: Date },
  now: Date,
  maxOpen: number,
): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', link.userId)
      .$if(store.dialect === 'postgres', (q) => q.forUpdate())
      .execute();
    const open = await trx
      .selectFrom('login_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', link.userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirstOrThrow();
    if (Number(open.n) >= maxOpen) return false;
    await trx
      .insertInto('login_links')
      .values({ token_hash: link.tokenHash, user_id: link.userId, expires_at: link.expiresAt.toISOString() })
      .execute();
    return true;
  });
}

/** Marks a link used if it is unused and unexpired, in one statement, so it works once only. */
/** Records that the member proved the address theirs, once: the first proof's time stays. */
export async function markEmailVerified(store: Store, userId: number, now: Date): Promise<void> {
  await store.db
    .updateTable('users')
    .set({ email_verified_at: now.toISOString() })
    .where('id', '=', userId)
    .where('email_verified_at', 'is', null)
    .execute();
}

export async function consumeLoginLink(store: Store, tokenHash: string, now: Date): Promise<number | null> {
  const row = await store.db
    .updateTable('login_links')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/**
 * Records a login attempt under each key before its password is checked, committed at once, so
 * concurrent attempts each count every attempt recorded before theirs. Returns the rows' ids:
 * they stay as failures unless forgotten (a success, or an attempt refused unchecked).
 */
export async function recordLoginAttempt(store: Store, keys: string[], now: Date): Promise<number[]> {
  const rows = await store.db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key, at: now.toISOString() })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function forgetLoginAttempt(store: Store, ids: number[]): Promise<void> {
  await store.db.deleteFrom('login_failures').where('id', 'in', ids).execute();
}

/** Per key: failures since `since` and the earliest of them (which decides when the window frees up). */
export async function recentLoginFailures(
  store: Store,
  keys: string[],
  since: Date,
): Promise<{ key: string; count: number; oldest: string }[]> {
  const rows = await store.db
    .selectFrom('login_failures')
    .select((eb) => ['key', eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
    .where('key', 'in', keys)
    .where('at', '>', since.toISOString())
    .groupBy('key')
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count), oldest: String(r.oldest) }));
}

export async function clearLoginFailures(store: Store, key: string): Promise<void> {
  await store.db.deleteFrom('login_failures').where('key', '=', key).execute();
}

function userFromRow(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    handle: row.handle,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at,
  };
}
