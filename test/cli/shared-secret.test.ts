/**
 * Replicas on one PostgreSQL must sign with one SECRET: a replica whose secret was generated
 * into its own DATA_DIR and differs from the one already serving the database is refused with
 * the fix named; the same secret passes; an explicit SECRET is the operator's (a rotation).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { checkSharedSecret } from '../../src/cli/shared-secret.ts';
import { ensureSecret, loadConfig } from '../../src/config/config.ts';
import { readServiceState } from '../../src/store/service-state.ts';
import { runCli } from '../support/cli.ts';
import { useTestStore } from '../support/use-test-store.ts';

const REFUSAL = 'SECRET: another process serving this database signs with a different secret than the one generated in';

describe('one SECRET across replicas on PostgreSQL', () => {
  const handle = useTestStore('postgres');
  const warnings: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({ write: (chunk: Buffer, _encoding, done) => (warnings.push(JSON.parse(chunk.toString()).msg), done()) }),
  );
  const replica = (env: Record<string, string>) =>
    ensureSecret(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-secret-')), DATABASE_URL: handle.store.url, ...env }));

  it('records the first replica’s secret, accepts the same one, and refuses a different generated one', async () => {
    const first = replica({});
    await checkSharedSecret(first, handle.store, logger, new Date());
    const recorded = await readServiceState(handle.store, 'secret-fingerprint');
    // A fingerprint, never the secret itself.
    expect(recorded).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded).not.toContain(first.secret);

    const sameFolder = ensureSecret(loadConfig({ DATA_DIR: first.dataDir, DATABASE_URL: handle.store.url }));
    await expect(checkSharedSecret(sameFolder, handle.store, logger, new Date())).resolves.toBeUndefined();

    const second = replica({});
    await expect(checkSharedSecret(second, handle.store, logger, new Date())).rejects.toThrow(
      `${REFUSAL} ${join(second.dataDir, 'secret')}. Set the same SECRET on every replica that shares DATABASE_URL`,
    );
    // Refused without changing what the serving replicas rely on.
    expect(await readServiceState(handle.store, 'secret-fingerprint')).toBe(recorded);
  });

  it('takes an explicit SECRET that differs as a rotation, with a warning', async () => {
    const before = await readServiceState(handle.store, 'secret-fingerprint');
    await checkSharedSecret(replica({ SECRET: 'rotated secret' }), handle.store, logger, new Date());
    expect(warnings).toEqual([
      'SECRET differs from the one this database was last served with: every replica must now use this SECRET',
    ]);
    expect(await readServiceState(handle.store, 'secret-fingerprint')).not.toBe(before);
    // The same explicit SECRET again: nothing to say.
    await checkSharedSecret(replica({ SECRET: 'rotated secret' }), handle.store, logger, new Date());
    expect(warnings).toHaveLength(1);
  });

  it('`serve` with a generated secret that differs exits 1 with the fix, before listening', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dp-secret-'));
    writeFileSync(join(dataDir, 'secret'), 'a secret of its own\n');
    const { code, stderr } = await runCli(['serve', '--port', '0'], { DATA_DIR: dataDir, DATABASE_URL: handle.store.url });
    expect(code).toBe(1);
    expect(stderr).toContain(`${REFUSAL} ${join(dataDir, 'secret')}.`);
  }, 60_000);
});
