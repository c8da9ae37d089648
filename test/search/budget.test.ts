import { pino } from 'pino';
import { SearchIndex } from '../../src/search/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { searchPapers } from '../../src/search/index.ts';
import { DEFAULT_SEARCH_BUDGET } from '../../src/search/work-budget.ts';
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
    expect(result).toMatchObject({ total: 1, partial: false, work: { textChecks: 1 } });
  });

  it('finds a phrase that stands in many papers with about a page of checks', async () => {
    const result = await searchPapers(index(), { q: '"theory of theory of theory"', limit: 20 });
    expect(result.items).toHaveLength(20);
    expect(result.partial).toBe(false);
    expect(result.work.textChecks).toBeLessThanOrEqual(100);
  });

  it('stops at the budget when positions cannot tell, and says the result is partial', async () => {
    // Without stop words both phrases are "theory theory theory": positions pass all 1,500, the text fails them.
    const result = await searchPapers(index(), { q: '"theory the theory the theory"', limit: 20 });
    expect(result).toMatchObject({ items: [], partial: true, work: { textChecks: DEFAULT_SEARCH_BUDGET.textChecks } });
  });

  it('checks excluded phrases only where positions cannot rule them out', async () => {
    const result = await searchPapers(index(), { q: 'model -"model model model"', limit: 5 });
    // Only the one paper that has it is read, and left out.
    expect(result).toMatchObject({ total: CROWD, partial: false, work: { textChecks: 1 } });
    expect(result.items).toHaveLength(5);
  });

  it('scores only the rarest terms of an OR list past the postings budget, and says it may miss matches', async () => {
    // "repeats" is in 1 paper, "theory" in 1,500, "model" in 1,501: a budget of 2,000 postings covers the first two.
    const q = 'model OR theory OR repeats';
    const full = await searchPapers(index(), { q, limit: 5 });
    expect(full).toMatchObject({ partial: false, work: { scoredPostings: 3_002, termsDropped: 0 } });
    const cheap = await searchPapers(index(), { q, limit: 5 }, { budget: { scoredPostings: 2_000 } });
    expect(cheap).toMatchObject({ partial: true, work: { scoredPostings: 1_501, termsDropped: 1 } });
    expect(cheap.items).toHaveLength(5);
  });

  it('drops unscored terms without calling the answer partial when a phrase word every match holds is kept', async () => {
    const result = await searchPapers(index(), { q: 'theory "model model model"', limit: 5 }, { budget: { scoredPostings: 10 } });
    // Only "theory" (1,500) or "model" (1,501) could be kept: the rarer, theory, is not required, so matches may be lost.
    expect(result).toMatchObject({ partial: true, work: { scoredPostings: 1_500, termsDropped: 1 } });
    const phraseOnly = await searchPapers(index(), { q: '"model model" repeats', limit: 5 }, { budget: { scoredPostings: 10 } });
    // "repeats" (1 paper) is kept and "model" left unscored; every match still needs "model" but now
    // also "repeats", so 1 paper matches instead of 1,501: partial.
    expect(phraseOnly).toMatchObject({ partial: true, total: 1, work: { scoredPostings: 1, termsDropped: 1 } });
    const kept = await searchPapers(index(), { q: 'theory "number 7"', limit: 5 }, { budget: { scoredPostings: 10 } });
    // "7" (one paper) is kept, "theory" and "number" (1,500 each) are not; "7" is a phrase word every
    // match must hold: the matches are the same, only the scoring is cheaper.
    expect(kept).toMatchObject({ partial: false, total: 1, work: { scoredPostings: 1, termsDropped: 2 } });
    expect(kept.items.map((hit) => hit.paper.id)).toEqual(['2602.00007']);
  });

  it('tests phrase positions of at most the budgeted candidates, then answers partial', async () => {
    const result = await searchPapers(index(), { q: '"model model model"', limit: 20 }, { budget: { positionTests: 500 } });
    expect(result).toMatchObject({ partial: true, work: { positionTests: 500 } });
    // Within budget every candidate is tested and the answer is whole.
    const whole = await searchPapers(index(), { q: '"model model model"', limit: 20 });
    expect(whole).toMatchObject({ partial: false, total: 1, work: { positionTests: CROWD + 1 } });
  });

  it('tests the positions of many candidates as the page reaches them, with the same answer', async () => {
    const lazily = { budget: { phraseTestsUpFront: 0 } };
    const rare = await searchPapers(index(), { q: '"model model model"', limit: 20 }, lazily);
    expect(rare.items.map((hit) => hit.paper.id)).toEqual(['2602.99999']);
    // Every candidate walked (none else holds it), one text read: the answer as when all are tested first.
    expect(rare).toMatchObject({ total: 1, partial: false, work: { textChecks: 1, positionTests: CROWD + 1 } });
    const common = await searchPapers(index(), { q: '"theory of theory of theory"', limit: 20 }, lazily);
    expect(common.items).toHaveLength(20);
    // About a page tested, not all 1,500; the total counts the papers holding the words.
    expect(common).toMatchObject({ total: CROWD, partial: false });
    expect(common.work.positionTests).toBeLessThanOrEqual(100);
    expect(common.items.map((hit) => hit.paper.id)).toEqual(
      (await searchPapers(index(), { q: '"theory of theory of theory"', limit: 20 })).items.map((hit) => hit.paper.id),
    );
  });

  it('stops testing positions as the page reaches them at the budget, and answers partial', async () => {
    const result = await searchPapers(
      index(),
      { q: '"model model model"', limit: 20, sort: 'date' },
      { budget: { phraseTestsUpFront: 0, positionTests: 500 } },
    );
    // Newest first, the one paper that holds it (published a month before the rest) comes last: never reached.
    expect(result).toMatchObject({ items: [], partial: true });
    expect(result.work.positionTests).toBeGreaterThanOrEqual(500);
    expect(result.work.positionTests).toBeLessThan(600);
  });

  it('highlights within its budget of characters and leaves the rest of the page plain', async () => {
    const result = await searchPapers(index(), { q: 'theory', limit: 10 }, { budget: { highlightedChars: 300 } });
    const marked = result.items.map((hit) => hit.highlights.title.some((segment) => segment.type === 'highlight'));
    // The first papers whose titles and abstracts together fit in 300 characters (about 100 each), then none.
    let spent = 0;
    const fits = result.items.map(({ paper }) => (spent += paper.title.length + (paper.abstract?.length ?? 0)) <= 300);
    expect(marked).toEqual(fits);
    expect(marked.filter(Boolean)).toHaveLength(2);
    expect(result.work.highlightedChars).toBeLessThanOrEqual(300);
    expect(result.items).toHaveLength(10);
    expect(result.partial).toBe(false);
  });

  it('runs expensive searches one at a time on the server, and cheap ones beside them', async () => {
    let release!: () => void;
    const held = index().expensiveSearches.run(() => new Promise<void>((resolve) => (release = resolve)));
    let expensiveDone = false;
    const expensive = searchPapers(index(), { q: '"model model model"', limit: 5 }).then((result) => {
      expensiveDone = true;
      return result;
    });
    const cheap = await searchPapers(index(), { q: 'repeats', limit: 5 });
    expect(cheap).toMatchObject({ expensive: false, total: 1 });
    expect(expensiveDone).toBe(false);
    expect(index().expensiveSearches.queued).toBe(1);
    release();
    await held;
    expect(await expensive).toMatchObject({ expensive: true, total: 1 });
    expect(index().expensiveSearches.running).toBe(false);
  });
});
