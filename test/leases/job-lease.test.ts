import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { processHolder, withLease } from '../../src/leases/job-lease.ts';
import { acquireLease, leaseHolder } from '../../src/store/leases.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';

const logger = { warn: () => {} };
const HOUR = 60 * 60 * 1000;

describe.each(DIALECTS)('withLease on %s', (dialect) => {
  const db = useTestStore(dialect);

  it('runs the work while holding the lease, skips it while another holder has it, and releases it after', async () => {
    const terms = { name: 'job:a', holder: 'process-a', ttlMs: HOUR, logger };
    const outer = await withLease(db.store, terms, async () => {
      expect(await leaseHolder(db.store, 'job:a')).toBe('process-a');
      return withLease(db.store, { ...terms, holder: 'process-b' }, async () => 'ran');
    });
    expect(outer).toEqual({ held: true, value: { held: false } });
    expect(await leaseHolder(db.store, 'job:a')).toBeNull();
  });

  it('releases the lease when the work throws', async () => {
    const failing = withLease(db.store, { name: 'job:b', holder: 'process-a', ttlMs: HOUR, logger }, async () => {
      throw new Error('harvest failed');
    });
    await expect(failing).rejects.toThrow('harvest failed');
    expect(await leaseHolder(db.store, 'job:b')).toBeNull();
  });

  it('takes over a lease whose holder was a process on this machine that has ended, when asked to', async () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const deadHolder = `${hostname()}:${ended}:0000`;
    expect(await acquireLease(db.store, 'job:c', deadHolder, HOUR)).toBe(true);
    const terms = { name: 'job:c', holder: processHolder(), ttlMs: HOUR, logger };
    expect(await withLease(db.store, terms, async () => 'ran')).toEqual({ held: false });
    expect(await withLease(db.store, { ...terms, takeOverDeadLocalHolder: true }, async () => 'ran')).toEqual({
      held: true,
      value: 'ran',
    });
  });

  it('leaves a live holder and a holder on another machine their lease', async () => {
    const terms = { name: 'job:d', holder: processHolder(), ttlMs: HOUR, logger, takeOverDeadLocalHolder: true };
    for (const other of [`${hostname()}:${process.ppid}:0000`, `elsewhere.example:${process.pid + 1}:0000`]) {
      expect(await acquireLease(db.store, 'job:d', other, HOUR)).toBe(true);
      expect(await withLease(db.store, terms, async () => 'ran')).toEqual({ held: false });
      expect(await leaseHolder(db.store, 'job:d')).toBe(other);
      await withLease(db.store, { ...terms, holder: other }, async () => {});
    }
  });
});
