import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, releaseLease } from '../../src/store/leases.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

describe.each(DIALECTS)('job leases on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives a lease to one holder at a time until it expires or is released', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(await acquireLease(store, 'ingest', 'a', 60_000, t0)).toBe(true);
    expect(await acquireLease(store, 'ingest', 'b', 60_000, t0)).toBe(false);
    expect(await acquireLease(store, 'ingest', 'a', 60_000, t0)).toBe(true);
    expect(await acquireLease(store, 'ingest', 'b', 60_000, new Date(t0.getTime() + 61_000))).toBe(true);
    await releaseLease(store, 'ingest', 'b');
    expect(await acquireLease(store, 'ingest', 'a', 60_000, t0)).toBe(true);
  });

  it('lets exactly one of many concurrent claimants win', async () => {
    const now = new Date('2026-02-01T00:00:00Z');
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => acquireLease(store, 'digest', `p${i}`, 60_000, now)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
