import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { type SearchIndex, type SearchQuery, searchPapers } from '../../src/search/index.ts';
import { DIALECTS, type TestStore } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';

const NOW = new Date('2026-03-05T08:00:00.000Z');
const LANTERNS = 40;

// 40 papers saying "lantern" from once to many times, in the title for some; a few say "moth" too.
async function seedLanterns(store: TestStore) {
  const papers = Array.from({ length: LANTERNS }, (_, i) =>
    paperRecord({
      id: `2602.${String(i + 1).padStart(5, '0')}`,
      title: i % 4 === 0 ? `Lantern study ${i}` : `A study ${i}`,
      abstract: `${'lantern '.repeat(1 + (i % 7))}and other lights, case ${i}.${i % 5 === 0 ? ' A moth.' : ''}`,
      authors: ['Ana Lima'],
      categories: i % 2 === 0 ? ['cs.CL'] : ['cs.LG'],
      publishedAt: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`,
      githubRepo: i % 3 === 0 ? `https://github.com/example/lantern-${i}` : null,
    }),
  );
  await savePapers(store, papers, { feedCategories: [], now: NOW });
}

describe.each(DIALECTS)('a search of one word ranks only the best of its matches, on %s', (dialect) => {
  const t = useTestStore(dialect, seedLanterns);

  // A word no paper has makes the query two scored terms: every match is scored and ranked.
  const rankingAll = (query: SearchQuery): SearchQuery => ({ ...query, q: `${query.q} zyxwv` });
  const page = async (search: SearchIndex, query: SearchQuery) => {
    const result = await searchPapers(search, query);
    return { ids: result.items.map((hit) => hit.paper.id), scores: result.items.map((hit) => hit.score), total: result.total };
  };

  it.each<[string, SearchQuery]>([
    ['the first page', { q: 'lantern', limit: 10 }],
    ['a later page', { q: 'lantern', limit: 10, offset: 25 }],
    ['a category', { q: 'lantern', limit: 5, category: 'cs.CL' }],
    ['dates and code', { q: 'lantern', limit: 5, from: '2026-02-05', to: '2026-02-20', hasCode: true }],
    ['an excluded word', { q: 'lantern -moth', limit: 10 }],
  ])('gives the page and the count that ranking every match gives: %s', async (_, query) => {
    const best = await page(t.searchIndex, query);
    expect(best.ids.length).toBeGreaterThan(0);
    expect(best).toEqual(await page(t.searchIndex, rankingAll(query)));
  });

  it('ranks every match when the store no longer shows more of the best papers than it ranked past the page', async () => {
    const all = await page(t.searchIndex, { q: 'lantern zyxwv', limit: LANTERNS });
    // Another replica hides papers; this one's index has not heard of it yet.
    const index = await t.searchIndex.current();
    const notYetHeard: SearchIndex = Object.assign(Object.create(t.searchIndex), { current: async () => index });
    const hide = async (ids: string[]) =>
      sql`UPDATE papers SET hidden_at = ${NOW.toISOString()} WHERE id IN (${sql.join(ids)})`.execute(t.store.db);

    // Three hidden: the spare past the page covers them.
    await hide(all.ids.slice(0, 3));
    expect(await page(notYetHeard, { q: 'lantern', limit: 5 })).toEqual({
      ids: all.ids.slice(3, 8),
      scores: all.scores.slice(3, 8),
      total: LANTERNS - 3,
    });
    // Twelve: more than the spare, so every match is ranked and the page is still full.
    await hide(all.ids.slice(3, 12));
    expect(await page(notYetHeard, { q: 'lantern', limit: 5 })).toEqual({
      ids: all.ids.slice(12, 17),
      scores: all.scores.slice(12, 17),
      total: LANTERNS - 12,
    });
  });
});
