import { describe, expect, it } from 'vitest';
import { kaggleToRecord, parseKaggle } from './kaggle.ts';
import { collect, fixture, outline, records } from './test-helpers.ts';

describe('kaggle', () => {
  it('reads the snapshot layout', async () => {
    const items = await collect(parseKaggle(fixture('kaggle.jsonl')));
    expect(outline(items)).toEqual([
      [1, '0704.0001'],
      [2, '0704.0002'],
      [3, 'hep-th/9901001'],
    ]);
    const [first, second, third] = records(items);
    expect(first).toEqual({
      id: '0704.0001',
      version: 2,
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      abstract:
        'A fully differential calculation in perturbative quantum chromodynamics is presented for the ' +
        'production of massive photon pairs at hadron colliders.',
      // From authors_parsed: accents resolved (the string says Bal\'azs), "First Last".
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
      categories: ['hep-ph'],
      primaryCategory: 'hep-ph',
      publishedAt: '2007-04-02T19:18:42.000Z',
      updatedAt: '2007-07-24T20:10:27.000Z',
      comment: '37 pages, 15 figures; published version',
      journalRef: 'Phys.Rev.D76:013009,2007',
      doi: '10.1103/PhysRevD.76.013009',
      githubRepo: null,
      projectPage: null,
      source: 'arxiv',
      aiSummary: null,
      aiKeywords: [],
      organization: null,
      githubStars: null,
      sourceUpvotes: null,
      listedOn: null,
      feed: null,
    });
    // No authors_parsed: the authors string is split on commas and "and".
    expect(second).toMatchObject({
      authors: ['Ileana Streinu', 'Louis Theran'],
      categories: ['math.CO', 'cs.CG'],
      primaryCategory: 'math.CO',
      journalRef: null,
      doi: null,
    });
    // Versions out of order: the highest is the version, v1 gives publishedAt. Suffix last.
    expect(third).toMatchObject({
      version: 3,
      publishedAt: '1999-01-01T09:00:00.000Z',
      updatedAt: '1999-01-15T10:00:00.000Z',
      authors: ['John Smith Jr.', 'Ann Lee'],
      categories: ['hep-th', 'math-ph'],
    });
  });

  it('rejects records it cannot trust, naming the field', () => {
    expect(kaggleToRecord({ title: 'x' })).toBe('missing field "id"');
    expect(kaggleToRecord({ id: '0704.0001' })).toBe('missing field "title"');
    expect(kaggleToRecord({ id: '704.0001', title: 'x' })).toBe('invalid arXiv id "704.0001"');
    expect(kaggleToRecord({ id: '0704.0001', title: 'x', versions: [{ version: 'one' }] })).toBe(
      'field "versions" has a bad entry: {"version":"one"}',
    );
    expect(kaggleToRecord({ id: '0704.0001', title: 'x', versions: [{ version: 'v1', created: 'someday' }] })).toBe(
      'field "versions.created" is not a date: "someday"',
    );
  });

  it('keeps a record without versions, with no dates', () => {
    expect(kaggleToRecord({ id: '0704.0001v4', title: 'x' })).toMatchObject({ version: 4, publishedAt: null, updatedAt: null });
  });
});
