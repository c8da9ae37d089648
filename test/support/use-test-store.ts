import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { SearchIndex } from '../../src/search/index.ts';
import { openTestStore, type TestDialect, type TestStore } from './stores.ts';

export interface TestStoreHandle {
  /** The describe block's database, open from its beforeAll to its afterAll. */
  readonly store: TestStore;
  /** The database's keyword index, as the composition root would hand it out. */
  readonly searchIndex: SearchIndex;
}

/**
 * One database for a describe block: opened and seeded before its tests, closed after them.
 * Call it inside `describe`; read `store` and `searchIndex` inside hooks and tests.
 */
export function useTestStore(dialect: TestDialect, seed?: (store: TestStore) => Promise<unknown>): TestStoreHandle {
  let opened: { store: TestStore; searchIndex: SearchIndex } | null = null;
  beforeAll(async () => {
    const store = await openTestStore(dialect);
    await seed?.(store);
    opened = { store, searchIndex: new SearchIndex(store, { logger: pino({ level: 'silent' }) }) };
  });
  afterAll(async () => {
    await opened?.store.close();
  });
  const current = () => {
    if (!opened) throw new Error('useTestStore: the store opens in beforeAll; read it inside a hook or test');
    return opened;
  };
  return {
    get store() {
      return current().store;
    },
    get searchIndex() {
      return current().searchIndex;
    },
  };
}
