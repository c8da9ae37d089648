import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { claimServiceState, readServiceState, writeServiceState } from '../store/service-state.ts';
import { CommandError } from './context.ts';

/**
 * Replicas on one PostgreSQL sign cookies, CSRF tokens and mail links with SECRET, so a member
 * logged in through one must be recognised by all: they need the same SECRET. Each replica
 * compares a fingerprint of its secret (an HMAC, which does not reveal it) with the one the
 * database recorded. A secret generated into this replica's DATA_DIR that differs is refused —
 * a second replica started without SECRET would otherwise log members out at random. A SECRET
 * set explicitly is the operator's choice (a rotation): it is recorded, with a warning.
 */
export async function checkSharedSecret(config: Config, store: Store, logger: Logger, now: Date): Promise<void> {
  if (config.database.dialect !== 'postgres') return;
  const fingerprint = secretFingerprint(config.secret);
  if (!config.secretExplicit) {
    // Claimed, not written: of two replicas started together without SECRET, one is refused.
    if ((await claimServiceState(store, 'secret-fingerprint', fingerprint, now)) === fingerprint) return;
    throw new CommandError(
      `SECRET: another process serving this database signs with a different secret than the one generated in ${join(config.dataDir, 'secret')}. ` +
        'Set the same SECRET on every replica that shares DATABASE_URL (if no other replica runs, any new SECRET works: open forms and mailed links made before then stop working).',
      1,
    );
  }
  const recorded = await readServiceState(store, 'secret-fingerprint');
  if (recorded === fingerprint) return;
  if (recorded !== null)
    logger.warn('SECRET differs from the one this database was last served with: every replica must now use this SECRET');
  await writeServiceState(store, 'secret-fingerprint', fingerprint, now);
}

function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('dailypapers secret fingerprint').digest('hex').slice(0, 32);
}
