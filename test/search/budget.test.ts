import { pino } from 'pino';
import { SearchIndex } from '../../src/search/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { searchPapers } from '../../src/search/index.ts';
import { MAX_TEXT_CHECKS } from '../../src/search/search.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

// 1,500 papers that all say "model" often but never three times in a row, and say "theory of
// theory of theory" (to positions without stop words: "theory theory theory"); one paper says
// "model model model".
const CROWD = 1_500;
const NOW = new Date('2026-03-05T08:00:00.000Z');

describe.each(DIALECTS)('the work budget of a search, %s', (dialect) => {
  let store: TestStore;
  let searchIndex: SearchIndex;
  const index = () => searchIndex;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    const papers = Array.from({ length: CROWD }, (_, i) =>
      paperRecord({
        id: `2602.${String(i).padStart(5, '0')}`,
        title: `A theory of theory of theory number ${i}`,
        abstract: 'The model is a model. Each model improves the model we model.',
        authors: ['Ana Lima'],
        categories: ['cs.LG'],
        publishedAt: '2026-02-01T10:00:00.000Z',
      }),
    );
    papers.push(
      paperRecord({
        id: '2602.99999',
        title: 'When model model model repeats',
        abstract: 'A paper that says model model model once.',
        categories: ['cs.CL'],
        publishedAt: '2026-01-01T10:00:00.000Z',
      }),
    );
    await savePapers(store, papers, { feedCategories: [], now: NOW });
    searchIndex = new SearchIndex(store, { logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await store.close();
  });

  it('rules out a phrase of common words from term positions, reading no text', async () => {
    const result = await searchPapers(index(), { q: '"model model model"', limit: 20 });
    expect(result.items.map((hit) => hit.paper.id)).toEqual(['2602.99999']);
    expect(result).toMatchObject({ total: 1, partial: false, textChecks: 1 });
  });

  it('finds a phrase that stands in many papers with about a page of checks', async () => {
    const result = await searchPapers(index(), { q: '"theory of theory of theory"', limit: 20 });
    expect(result.items).toHaveLength(20);
    expect(result.partial).toBe(false);
    expect(result.textChecks).toBeLessThanOrEqual(100);
  });

  it('stops at the budget when positions cannot tell, and says the result is partial', async () => {
    // Without stop words both phrases are "theory theory theory": positions pass all 1,500, the text fails them.
    const result = await searchPapers(index(), { q: '"theory the theory the theory"', limit: 20 });
    expect(result).toMatchObject({ items: [], partial: true, textChecks: MAX_TEXT_CHECKS });
  });

  it('checks excluded phrases only where positions cannot rule them out', async () => {
    const result = await searchPapers(index(), { q: 'model -"model model model"', limit: 5 });
    // Only the one paper that has it is read, and left out.
    expect(result).toMatchObject({ total: CROWD, partial: false, textChecks: 1 });
    expect(result.items).toHaveLength(5);
  });
});
