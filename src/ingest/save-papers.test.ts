import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore, type TestStore } from '../../test/support/stores.ts';
import { paperRecord } from '../core/paper.ts';
import { feedPage, latestFeedDay, neighbourFeedDays } from '../store/feed.ts';
import { countPapers, getPaper, listPapers } from '../store/papers.ts';
import { savePapers } from './save-papers.ts';

const now = new Date('2026-03-02T12:00:00Z');
const options = { feedCategories: ['cs.CL'], now };

const attention = paperRecord({
  id: '1706.03762',
  version: 1,
  title: 'Attention Is All You Need',
  abstract: 'The dominant sequence transduction models…',
  authors: ['Ashish Vaswani', 'Noam Shazeer'],
  categories: ['cs.CL', 'cs.LG'],
  publishedAt: '2017-06-12T17:57:34.000Z',
  listedOn: '2026-03-02',
});
const vision = paperRecord({ id: '2503.00001', title: 'A <b>vision</b> paper', categories: ['cs.CV'], listedOn: '2026-03-02' });

describe.each(DIALECTS)('savePapers on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  it('imports new papers, then finds nothing to change on a second import', async () => {
    expect(await savePapers(store, [attention, vision], options)).toEqual({ imported: 2, updated: 0, unchanged: 0 });
    expect(await savePapers(store, [attention, vision], options)).toEqual({ imported: 0, updated: 0, unchanged: 2 });
    expect(await countPapers(store)).toBe(2);
    const stored = await getPaper(store, '1706.03762');
    expect(stored).toMatchObject({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      primaryCategory: 'cs.CL',
    });
  });

  it('puts new papers that match a feed rule on their listing day, and only those', async () => {
    const page = await feedPage(store, {
      range: { from: '2026-03-02', to: '2026-03-02' },
      order: 'upvotes',
      offset: 0,
      limit: 50,
    });
    expect(page.total).toBe(1);
    expect(page.items[0]!.paper.id).toBe('1706.03762');
    expect(page.items[0]!.entry).toMatchObject({ day: '2026-03-02', source: 'rule' });
  });

  it('updates a paper when a newer version arrives, and ignores an older one', async () => {
    const v2 = { ...attention, version: 2, title: 'Attention Is All You Need (v2)' };
    expect(await savePapers(store, [v2], options)).toEqual({ imported: 0, updated: 1, unchanged: 0 });
    const v1Again = { ...attention, version: 1, title: 'Old title' };
    expect(await savePapers(store, [v1Again], options)).toEqual({ imported: 0, updated: 0, unchanged: 1 });
    expect((await getPaper(store, '1706.03762'))!).toMatchObject({ version: 2, title: 'Attention Is All You Need (v2)' });
  });

  it('keeps source upvotes and the Hugging Face feed placement, ordering the day by upvotes', async () => {
    const hf = paperRecord({
      id: '2503.00001',
      title: 'A <b>vision</b> paper',
      sourceUpvotes: 42,
      feed: { day: '2026-03-01', rank: 1, submittedBy: 'akhaliq' },
    });
    expect(await savePapers(store, [hf], options)).toEqual({ imported: 0, updated: 1, unchanged: 0 });
    expect(await savePapers(store, [hf], options)).toEqual({ imported: 0, updated: 0, unchanged: 1 });
    const paper = (await getPaper(store, '2503.00001'))!;
    expect(paper.upvotes).toBe(42);
    expect(paper.categories).toEqual(['cs.CV']);
    expect(await latestFeedDay(store)).toBe('2026-03-02');
    expect(await neighbourFeedDays(store, '2026-03-02')).toEqual({ previous: '2026-03-01', next: null });
    const month = await feedPage(store, {
      range: { from: '2026-03-01', to: '2026-03-31' },
      order: 'upvotes',
      offset: 0,
      limit: 50,
    });
    expect(month.items.map((i) => i.paper.id)).toEqual(['2503.00001', '1706.03762']);
    const bySubmitter = await feedPage(store, { range: null, submitter: 'akhaliq', order: 'upvotes', offset: 0, limit: 50 });
    expect(bySubmitter.items.map((i) => i.paper.id)).toEqual(['2503.00001']);
  });

  it('lists every paper by publication date with a stable cursor', async () => {
    const first = await listPapers(store, { after: null, limit: 1 });
    expect(first.map((p) => p.id)).toEqual(['2503.00001']);
    expect(first[0]!.publishedAt).toBe('2026-03-02T00:00:00.000Z');
    const rest = await listPapers(store, { after: { publishedAt: first[0]!.publishedAt!, id: first[0]!.id }, limit: 10 });
    expect(rest.map((p) => p.id)).toEqual(['1706.03762']);
  });
});
