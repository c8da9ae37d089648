import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchIndex, searchPapers } from '../../src/search/index.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { routing, seedSearchCorpus } from './fixtures.ts';

describe('the search index kept in step with the store', () => {
  let store: TestStore;
  afterEach(async () => store?.close());

  it('logs a failed background rebuild with its cause, and keeps serving the patched index', async () => {
    store = await openTestStore('sqlite');
    await seedSearchCorpus(store);
    const logged: { msg: string; err: { message: string } }[] = [];
    let reported!: () => void;
    const failureLogged = new Promise<void>((resolve) => (reported = resolve));
    const logger = pino({ level: 'error' }, { write: (line: string) => (logged.push(JSON.parse(line)), reported()) });
    const searchIndex = new SearchIndex(store, { logger });
    await searchIndex.current();

    // Changing most papers leaves the patched index stale enough to be rebuilt in the
    // background; the table vanishing under that rebuild makes it fail.
    await sql`UPDATE papers SET title = title || ' (revised)' WHERE id <> ${routing.id}`.execute(store.db);
    await searchIndex.current();
    await sql`ALTER TABLE papers RENAME TO papers_elsewhere`.execute(store.db);
    await failureLogged;

    expect(logged).toEqual([
      expect.objectContaining({
        msg: 'rebuilding the search index in the background failed; the patched index keeps serving',
        err: expect.objectContaining({ message: expect.stringContaining('no such table: papers') }),
      }),
    ]);
    await sql`ALTER TABLE papers_elsewhere RENAME TO papers`.execute(store.db);
    expect((await searchPapers(searchIndex, { q: 'revised', limit: 20 })).total).toBeGreaterThan(0);
  });
});
