import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Store } from '../db/connect.ts';
import { LOGIN_FAILURE_WINDOW_MS } from '../social/accounts.ts';
import { acquireLease, releaseLease } from '../store/leases.ts';
import { type PurgeCounts, purgeExpired } from '../store/purge.ts';

const LEASE_NAME = 'purge:expired';
const LEASE_MS = 10 * 60 * 1000;

/**
 * Removes expired sessions and login links and login failures that no longer count, so those
 * tables hold what is live rather than growing forever. Hourly; one process at a time (lease).
 */
export function schedulePurge(deps: { store: Store; logger: Logger }): { stop(): void } {
  const holder = randomUUID();
  const job = new Cron('41 * * * *', { timezone: 'UTC', protect: true }, async () => {
    await runPurge(deps, holder, new Date());
  });
  return { stop: () => job.stop() };
}

/** One purge under the lease; null when another process holds it (it is purging now) or the purge failed (logged). */
export async function runPurge(
  { store, logger }: { store: Store; logger: Logger },
  holder: string,
  now: Date,
): Promise<PurgeCounts | null> {
  if (!(await acquireLease(store, LEASE_NAME, holder, LEASE_MS, now))) return null;
  try {
    const counts = await purgeExpired(store, now, new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS));
    logger.info(counts, 'expired sessions, login links and login failures purged');
    return counts;
  } catch (error) {
    logger.error({ err: error }, 'purge failed; the next hour tries again');
    return null;
  } finally {
    await releaseLease(store, LEASE_NAME, holder);
  }
}
