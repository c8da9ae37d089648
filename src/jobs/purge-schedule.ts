import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Store } from '../db/connect.ts';
import { scheduledTick, withLease } from '../leases/job-lease.ts';
import { purgeExpiredLogins } from '../social/accounts.ts';
import type { PurgeCounts } from '../store/purge.ts';
import { purgeDeliveryLog } from '../webhooks/webhooks.ts';

export type PurgeReport = PurgeCounts & { webhookDeliveries: number };

const LEASE_NAME = 'purge:expired';
const LEASE_MS = 10 * 60 * 1000;

/**
 * Removes expired sessions and login links, login failures that no longer count and webhook
 * deliveries older than the log keeps, so those tables hold what is live rather than growing forever. Hourly; one process at a time (lease).
 */
export function schedulePurge(deps: { store: Store; logger: Logger }): { stop(): void } {
  const holder = randomUUID();
  const job = new Cron('41 * * * *', { timezone: 'UTC', protect: true }, async (self: Cron) => {
    await runPurge(deps, holder, new Date(), scheduledTick(self).keepUntil);
  });
  return { stop: () => job.stop() };
}

/** One purge under the lease; null when another process holds it (it is purging now) or the purge failed (logged). */
export async function runPurge(
  { store, logger }: { store: Store; logger: Logger },
  holder: string,
  now: Date,
  keepUntil?: Date,
): Promise<PurgeReport | null> {
  try {
    const run = await withLease(store, { name: LEASE_NAME, holder, ttlMs: LEASE_MS, now, logger, keepUntil }, async () => {
      const counts = { ...(await purgeExpiredLogins(store, now)), webhookDeliveries: await purgeDeliveryLog(store, now) };
      logger.info(counts, 'expired sessions, login links, login failures and old webhook deliveries purged');
      return counts;
    });
    return run.held ? run.value : null;
  } catch (error) {
    // The lease's own queries included: a scheduled run that rejected would end the process.
    logger.error({ err: error }, 'purge failed; the next hour tries again');
    return null;
  }
}
