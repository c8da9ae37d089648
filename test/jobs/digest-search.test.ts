import { describe, expect, it } from 'vitest';
import { digestPapers } from '../../src/jobs/digest-papers.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { corpusDoc, saveFixtures, THREE_DAYS } from '../web/fixtures.ts';

describe.each(DIALECTS)('saved-search digests on %s', (dialect) => {
  const t = useTestStore(dialect, (store) => saveFixtures(store, [...THREE_DAYS, corpusDoc]));

  const ids = async (period: { from: string; to: string }, selection: Parameters<typeof digestPapers>[2]) =>
    (await digestPapers(t.searchIndex, period, selection)).map((paper) => paper.id);

  it('carries the search matches published in the period, narrowed by categories', async () => {
    const week = { from: '2026-02-23', to: '2026-03-01' };
    expect(await ids(week, { query: 'routing', count: 10 })).toEqual(['2603.00010']);
    expect(await ids(week, { query: 'routing', categories: ['cs.CV'], count: 10 })).toEqual([]);
    expect(await ids({ from: '2026-03-02', to: '2026-03-08' }, { query: 'routing', count: 10 })).toEqual([]);
    expect(await ids(week, { query: 'graphs OR figures OR routing', count: 2 })).toHaveLength(2);
  });
});
