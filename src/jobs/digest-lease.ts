import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../db/connect.ts';
import { acquireLease } from '../store/leases.ts';

/** A lease holder name that says which process on which machine holds it. */
export function processHolder(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Takes the lease, or takes it over when its holder was a process on this machine that no
 * longer exists: a digest run killed halfway can be run again at once, without waiting for
 * the lease to expire. Holders on other machines are trusted until their lease expires.
 */
export async function acquireOrTakeOver(store: Store, name: string, holder: string, ttlMs: number): Promise<boolean> {
  if (await acquireLease(store, name, holder, ttlMs)) return true;
  const current = await store.db.selectFrom('job_leases').select('holder').where('name', '=', name).executeTakeFirst();
  if (!current || !isDeadLocalHolder(current.holder)) return false;
  await store.db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', current.holder).execute();
  return acquireLease(store, name, holder, ttlMs);
}

function isDeadLocalHolder(holder: string): boolean {
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
