import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedItem, paperRecord } from '../core/paper.ts';
import { countPapers } from '../store/papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../../test/support/stores.ts';
import { importPapers, type Rejection } from './import-papers.ts';

async function* items(list: ParsedItem[]): AsyncIterable<ParsedItem> {
  yield* list;
}

function record(n: number): ParsedItem {
  return { kind: 'record', at: n, record: paperRecord({ id: `2501.${String(n).padStart(5, '0')}`, title: `Paper ${n}` }) };
}

describe.each(DIALECTS)('importPapers on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  it('stores records in batches, reports each rejection with its line, and counts outcomes', async () => {
    const list = [record(1), { kind: 'rejected', at: 2, reason: 'not JSON' } as const, record(3), record(4), record(5)];
    const rejections: Rejection[] = [];
    const progress: number[] = [];
    const summary = await importPapers(store, items(list), {
      feedCategories: [],
      batchSize: 2,
      onRejected: (r) => rejections.push(r),
      onProgress: (s) => progress.push(s.imported),
    });
    expect(summary).toEqual({ imported: 4, updated: 0, unchanged: 0, rejected: 1 });
    expect(rejections).toEqual([{ at: 2, reason: 'not JSON' }]);
    expect(progress).toEqual([2, 4]);
    expect(await countPapers(store)).toBe(4);
  });

  it('changes nothing on a second import of the same records', async () => {
    const summary = await importPapers(store, items([record(1), record(3), record(4), record(5)]), { feedCategories: [] });
    expect(summary).toEqual({ imported: 0, updated: 0, unchanged: 4, rejected: 0 });
  });

  it('keeps what was stored before the input failed', async () => {
    async function* failing(): AsyncIterable<ParsedItem> {
      yield record(10);
      yield record(11);
      throw new Error('disk gone');
    }
    await expect(importPapers(store, failing(), { feedCategories: [], batchSize: 100 })).rejects.toThrow('disk gone');
    expect(await countPapers(store)).toBe(6);
  });

  it('stores each batch after the one before is committed, so a paper repeated in the next batch is updated', async () => {
    const renamed: ParsedItem = { kind: 'record', at: 23, record: paperRecord({ id: '2501.00021', title: 'Paper 21, renamed' }) };
    const summary = await importPapers(store, items([record(20), record(21), renamed, record(22)]), {
      feedCategories: [],
      batchSize: 2,
    });
    expect(summary).toEqual({ imported: 3, updated: 1, unchanged: 0, rejected: 0 });
    const row = await store.db.selectFrom('papers').select('title').where('id', '=', '2501.00021').executeTakeFirstOrThrow();
    expect(row.title).toBe('Paper 21, renamed');
  });

  it('stops at the batch the store refuses, with its error, keeping the batches before it', async () => {
    const before = await countPapers(store);
    let inserts = 0;
    // The second batch's insert fails as a query the database refused would.
    const refusing = {
      ...store,
      db: store.db.withPlugin({
        transformQuery: ({ node }) => {
          if (node.kind === 'InsertQueryNode' && ++inserts === 2) throw new Error('store refused the batch');
          return node;
        },
        transformResult: async ({ result }) => result,
      }),
    };
    const list = [30, 31, 32, 33, 34, 35, 36].map(record);
    await expect(importPapers(refusing, items(list), { feedCategories: [], batchSize: 2 })).rejects.toThrow(
      'store refused the batch',
    );
    expect(await countPapers(store)).toBe(before + 2);
  });
});
