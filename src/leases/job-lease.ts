import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Store } from '../db/connect.ts';
import { acquireLease, leaseHolder, releaseLease } from '../store/leases.ts';

/** A lease holder name that says which process on which machine holds it. */
export function processHolder(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export interface LeaseTerms {
  name: string;
  holder: string;
  /** A holder that dies frees the lease after this at the latest; it is renewed every quarter of it. */
  ttlMs: number;
  /**
   * Take the lease over when its holder was a process on this machine that no longer exists
   * (a run killed halfway can be run again at once, without waiting for expiry). Holders on
   * other machines are trusted until their lease expires.
   */
  takeOverDeadLocalHolder?: boolean;
  /** The moment the lease is first taken (a job run at an injected time); renewals use the clock. */
  now?: Date;
  /**
   * A scheduled run's lease is kept, not released, until this moment: another process whose
   * timer fires a little later for the same tick finds it taken, so the tick runs once in all.
   */
  keepUntil?: Date;
  /** Told when a renewal fails; the work goes on, and the lease stays ours until it expires. */
  logger: Pick<Logger, 'warn'>;
}

/**
 * Runs `work` while holding the named lease, so that of several processes sharing one database
 * only one does it at a time: taken when free, expired or already ours, renewed while the work
 * runs, released when it ends (however it ends). When another holder has it, the work does not
 * run and `held` is false.
 */
export async function withLease<T>(
  store: Store,
  terms: LeaseTerms,
  work: () => Promise<T>,
): Promise<{ held: true; value: T } | { held: false }> {
  const { name, holder, ttlMs } = terms;
  if (
    !(await acquireLease(store, name, holder, ttlMs, terms.now)) &&
    !(terms.takeOverDeadLocalHolder && (await takeOver(store, terms)))
  )
    return { held: false };
  const renewal = setInterval(() => {
    acquireLease(store, name, holder, ttlMs).catch((error: unknown) =>
      terms.logger.warn({ err: error, lease: name }, 'lease renewal failed'),
    );
  }, ttlMs / 4);
  try {
    return { held: true, value: await work() };
  } finally {
    clearInterval(renewal);
    const keepMs = (terms.keepUntil?.getTime() ?? 0) - Date.now();
    if (keepMs > 0) await acquireLease(store, name, holder, keepMs);
    else await releaseLease(store, name, holder);
  }
}

async function takeOver(store: Store, { name, holder, ttlMs }: LeaseTerms): Promise<boolean> {
  const current = await leaseHolder(store, name);
  if (current === null || !isDeadLocalHolder(current)) return false;
  // Only that dead holder's lease is removed: a live process that took it meanwhile keeps it.
  await releaseLease(store, name, current);
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

/** A cron job's current run: which tick it is, and how long its lease is kept after the work. */
export interface ScheduledTick {
  /** The scheduled second (cron ticks are whole seconds; timers fire a few ms after). */
  at: string;
  keepUntil: Date;
}

/** Keeps the lease for half the time to the next run: long past any timer's lag, short of the next tick. */
export function scheduledTick(job: Pick<Cron, 'nextRun'>, now = new Date()): ScheduledTick {
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const next = job.nextRun(now)?.getTime() ?? now.getTime();
  return { at: at.toISOString(), keepUntil: new Date(now.getTime() + (next - now.getTime()) / 2) };
}
