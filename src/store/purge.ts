import type { Store } from '../db/connect.ts';

export interface PurgeCounts {
  sessions: number;
  loginLinks: number;
  loginFailures: number;
}

/**
 * Deletes what can no longer be used: sessions and login links past their expiry, and
 * login-failure records older than `failuresBefore` (they no longer count towards a lockout).
 */
export async function purgeExpired(store: Store, now: Date, failuresBefore: Date): Promise<PurgeCounts> {
  const sessions = await store.db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  const loginLinks = await store.db.deleteFrom('login_links').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  const loginFailures = await store.db
    .deleteFrom('login_failures')
    .where('at', '<=', failuresBefore.toISOString())
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    loginLinks: Number(loginLinks.numDeletedRows),
    loginFailures: Number(loginFailures.numDeletedRows),
  };
}
