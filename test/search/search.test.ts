import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { type SearchQuery, SearchQueryError, searchPapers } from '../../src/search/index.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { signUp } from '../../src/social/accounts.ts';
import { hidePaper } from '../../src/social/moderation.ts';
import { noWork } from '../../src/search/work-budget.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { explain, molecules, NOW, quantum, retrieval, routing, seedSearchCorpus, survey } from './fixtures.ts';

describe.each(DIALECTS)('searchPapers on %s', (dialect) => {
  const t = useTestStore(dialect, seedSearchCorpus);

  const ids = async (q: string, extra: Partial<SearchQuery> = {}) =>
    (await searchPapers(t.searchIndex, { q, limit: 20, ...extra })).items.map((hit) => hit.paper.id);

  it('ranks a word in a title above the same word in an abstract, and never shows hidden papers', async () => {
    expect(await ids('routing')).toEqual([routing.id, retrieval.id]);
  });

  it('finds inflections through stemming: "models" finds model, modeling', async () => {
    expect(await ids('models')).toEqual([survey.id, explain.id, routing.id, retrieval.id]);
    expect(await ids('modeling')).toEqual(await ids('models'));
  });

  it('ranks papers with more of the words higher', async () => {
    expect(await ids('large language models')).toEqual([survey.id, explain.id, routing.id, retrieval.id]);
  });

  it('requires a phrase with its words adjacent and in order', async () => {
    expect(await ids('"large language models"')).toEqual([survey.id, explain.id]);
    expect(await ids('"language models explain"')).toEqual([explain.id]);
    expect(await ids('"models large"')).toEqual([]);
    expect(await ids('"state of the art"')).toEqual([explain.id]);
  });

  it('leaves out excluded words and phrases', async () => {
    expect(await ids('models -survey')).toEqual([explain.id, routing.id, retrieval.id]);
    expect(await ids('language -"state of the art"')).toEqual([survey.id]);
  });

  it('filters by author: all words in one author’s name', async () => {
    expect(await ids('author:"Kenji Sato"')).toEqual([routing.id]);
    expect(await ids('author:Kenji')).toEqual([explain.id, routing.id]);
    expect(await ids('author:lima')).toEqual([molecules.id, routing.id]);
    expect(await ids('experts author:Lima')).toEqual([routing.id]);
    expect(await ids('author:"Sato Lima"')).toEqual([]);
  });

  it('filters by publication date, category, archive and code', async () => {
    expect(await ids('models', { from: '2026-02-01', to: '2026-02-28' })).toEqual([survey.id, explain.id]);
    expect(await ids('models', { to: '2026-01-05' })).toEqual([routing.id]);
    expect(await ids('models', { category: 'cs.CL' })).toEqual([survey.id, explain.id]);
    // "networks" twice in a short paper outweighs "models" once: BM25, not a bug.
    expect(await ids('models networks codes', { category: 'cs' })).toEqual([
      molecules.id,
      survey.id,
      explain.id,
      routing.id,
      retrieval.id,
    ]);
    expect(await ids('networks', { category: 'physics' })).toEqual([molecules.id]);
    expect(await ids('models', { hasCode: true })).toEqual([explain.id, routing.id]);
    expect(await ids('models', { hasCode: false })).toEqual([survey.id, retrieval.id]);
  });

  it('sorts by date, newest first', async () => {
    expect(await ids('models', { sort: 'date' })).toEqual([survey.id, explain.id, retrieval.id, routing.id]);
  });

  it('pages without overlap and counts every match', async () => {
    const first = await searchPapers(t.searchIndex, { q: 'models', limit: 3 });
    const second = await searchPapers(t.searchIndex, { q: 'models', limit: 3, offset: 3 });
    expect(first.total).toBe(4);
    expect([...first.items, ...second.items].map((h) => h.paper.id)).toEqual(await ids('models'));
  });

  it('returns the stored paper, a score and highlights marked by the index’s stemming', async () => {
    const [hit] = (await searchPapers(t.searchIndex, { q: 'routing', limit: 1 })).items;
    expect(hit!.paper).toMatchObject({
      id: routing.id,
      title: routing.title,
      authors: routing.authors,
      githubRepo: routing.githubRepo,
    });
    expect(hit!.score).toBeGreaterThan(0);
    expect(hit!.highlights).toEqual({
      title: [
        { type: 'text', text: 'Sparse ' },
        { type: 'highlight', text: 'Routing' },
        { type: 'text', text: ' for Mixture of Experts Models' },
      ],
      abstract: [
        { type: 'text', text: 'We ' },
        { type: 'highlight', text: 'route' },
        { type: 'text', text: ' tokens to experts.' },
      ],
    });
  });

  it('highlights a phrase as one run', async () => {
    const [hit] = (await searchPapers(t.searchIndex, { q: '"state of the art"', limit: 1 })).items;
    expect(hit!.highlights.abstract).toEqual([
      { type: 'text', text: 'Large language models produce explanations. We study the ' },
      { type: 'highlight', text: 'state of the art' },
      { type: 'text', text: ' in explanation.' },
    ]);
  });

  it('jumps to a paper named by arXiv id or URL', async () => {
    const result = await searchPapers(t.searchIndex, { q: 'https://arxiv.org/abs/2601.00003v2', limit: 20 });
    expect(result.jump).toBe(explain.id);
    expect(result.items.map((h) => h.paper.id)).toEqual([explain.id]);
    const unknown = await searchPapers(t.searchIndex, { q: '2601.09999', limit: 20 });
    expect(unknown).toEqual({
      items: [],
      total: 0,
      jump: '2601.09999',
      semantic: false,
      partial: false,
      indexing: false,
      work: noWork(),
      expensive: false,
    });
  });

  it('answers bad queries with results or an empty list, never an error', async () => {
    const cases: [string, string[]][] = [
      ['"', []],
      ['""', []],
      ['"routing', [routing.id, retrieval.id]],
      ['routing"', [routing.id, retrieval.id]],
      ['NEAR(routing, experts)', [routing.id, retrieval.id]],
      ['rout*', [routing.id, retrieval.id]],
      ['title:quantum', [quantum.id]],
      ['quantum AND OR NOT', [quantum.id]],
      ['(quantum', [quantum.id]],
      ['quantum^2', [quantum.id]],
      ['\\quantum\\', [quantum.id]],
      ["quantum'", [quantum.id]],
      ['-', []],
      ['--', []],
      ['-quantum', []],
      ['author:', []],
      ['🚀🔥', []],
      ['🚀 quantum 🔥', [quantum.id]],
      ['نموذج لغوي كبير', []],
      ['\u202Equantum\u202C', [quantum.id]],
      ['\u0000\u0001\u0007quantum\u001b', [quantum.id]],
      ['\u001b[31mquantum', []],
      ['the of and', []],
      ['a'.repeat(250), []],
      ['*:*', []],
      ["'; DROP TABLE papers; --", []],
      ['%_%', []],
      ['\uD800', []],
    ];
    for (const [q, expected] of cases) {
      expect({ q, ids: await ids(q) }).toEqual({ q, ids: expected });
    }
  });

  it('refuses 251 characters and a missing q with a typed error naming the parameter', async () => {
    await expect(searchPapers(t.searchIndex, { q: 'a'.repeat(251), limit: 20 })).rejects.toThrow(
      new SearchQueryError('q', 'q must be at most 250 characters'),
    );
    await expect(searchPapers(t.searchIndex, { limit: 20 } as SearchQuery)).rejects.toMatchObject({
      name: 'SearchQueryError',
      parameter: 'q',
    });
    await expect(searchPapers(t.searchIndex, { q: 'x', limit: 500 })).rejects.toMatchObject({ parameter: 'limit' });
  });
});

describe.each(DIALECTS)('the keyword index follows the store on %s', (dialect) => {
  const t = useTestStore(dialect, seedSearchCorpus);

  const ids = async (q: string) => (await searchPapers(t.searchIndex, { q, limit: 20 })).items.map((hit) => hit.paper.id);

  it('sees new, changed, hidden and deleted papers in the next search', async () => {
    expect(await ids('tokamak')).toEqual([]);
    const plasma = paperRecord({
      id: '2602.00001',
      version: 1,
      title: 'Tokamak Plasma Control',
      abstract: 'Reinforcement learning for plasma.',
    });
    await savePapers(t.store, [plasma], { feedCategories: [], now: NOW });
    expect(await ids('tokamak')).toEqual([plasma.id]);

    await savePapers(t.store, [{ ...plasma, version: 2, title: 'Stellarator Plasma Control' }], { feedCategories: [], now: NOW });
    expect(await ids('tokamak')).toEqual([]);
    expect(await ids('stellarator')).toEqual([plasma.id]);

    await sql`UPDATE papers SET hidden_at = ${NOW.toISOString()} WHERE id = ${plasma.id}`.execute(t.store.db);
    expect(await ids('stellarator')).toEqual([]);
    await sql`UPDATE papers SET hidden_at = NULL WHERE id = ${plasma.id}`.execute(t.store.db);
    expect(await ids('stellarator')).toEqual([plasma.id]);

    await sql`DELETE FROM papers WHERE id = ${plasma.id}`.execute(t.store.db);
    expect(await ids('stellarator plasma')).toEqual([]);
  });

  it('leaves a hidden paper out of every page and every count, and finds it again once unhidden', async () => {
    const moderator = await signUp(
      t.store,
      { email: 'moderator@example.org', password: 'a long password', role: 'moderator' },
      NOW,
    );
    // 300 matches, newest first by date: the hidden one sits on the third page of 100.
    const drift = Array.from({ length: 300 }, (_, i) =>
      paperRecord({
        id: `2602.2${String(i).padStart(4, '0')}`,
        title: `Sargasso drift survey ${i}`,
        abstract: i === 40 ? 'Kelp rafts in the Sargasso gyre.' : 'Floating algae in the gyre.',
        publishedAt: new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString(),
      }),
    );
    const target = drift[40]!;
    await savePapers(t.store, drift, { feedCategories: [], now: NOW });
    const page = async (offset: number, q = 'sargasso') => {
      const result = await searchPapers(t.searchIndex, { q, sort: 'date', limit: 100, offset });
      return { ids: result.items.map((hit) => hit.paper.id), total: result.total };
    };
    expect((await page(200)).ids[59]).toBe(target.id);

    await hidePaper(t.store, moderator, target.id, true, 'spam', NOW);
    const first = await page(0);
    expect(first).toMatchObject({ total: 299 });
    expect(first.ids).toHaveLength(100);
    expect(first.ids).not.toContain(target.id);
    const deep = await page(200);
    expect(deep).toMatchObject({ total: 299 });
    expect(deep.ids).toEqual(
      drift
        .slice(0, 100)
        .filter((p) => p !== target)
        .map((p) => p.id)
        .reverse(),
    );
    expect(await page(0, 'kelp')).toEqual({ ids: [], total: 0 });
    expect(await page(0, '"kelp rafts"')).toEqual({ ids: [], total: 0 });

    await hidePaper(t.store, moderator, target.id, false, 'not spam after all', NOW);
    expect(await page(200)).toMatchObject({ total: 300 });
    expect((await page(200)).ids[59]).toBe(target.id);
    expect(await page(0, 'kelp')).toEqual({ ids: [target.id], total: 1 });
  });

  it('answers concurrent searches during writes with what was committed before each began', async () => {
    const batch = Array.from({ length: 30 }, (_, i) =>
      paperRecord({
        id: `2602.1${String(i).padStart(4, '0')}`,
        title: `Heliostat field ${i}`,
        abstract: 'Concentrated solar power.',
      }),
    );
    const searches: Promise<string[]>[] = [];
    for (const record of batch) {
      await savePapers(t.store, [record], { feedCategories: [], now: NOW });
      searches.push(ids(`heliostat ${record.title.split(' ').pop()}`));
    }
    const results = await Promise.all(searches);
    results.forEach((found, i) => expect(found[0]).toBe(batch[i]!.id));
  });
});
