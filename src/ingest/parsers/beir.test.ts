import { describe, expect, it } from 'vitest';
import { beirToRecord, parseBeir } from './beir.ts';
import { collect, fixture, outline, records } from './test-helpers.ts';

describe('beir', () => {
  it('reads a corpus: id verbatim, text as abstract, empty titles allowed when there is text', async () => {
    const items = await collect(parseBeir(fixture('beir-corpus.jsonl')));
    expect(outline(items)).toEqual([
      [1, '4983'],
      [2, 'doc-7'],
      [3, '2104.08663'],
      [4, 'rejected: missing field "title" (and "text" is empty)'],
      [5, 'rejected: missing field "_id"'],
    ]);
    const [first, second, third] = records(items);
    expect(first).toMatchObject({
      title:
        'Microstructural development of human newborn cerebral white matter assessed in vivo by diffusion tensor magnetic resonance imaging.',
      abstract: expect.stringMatching(/^Alterations of the architecture/),
      authors: [],
      categories: [],
    });
    expect(second).toMatchObject({ title: '', abstract: 'A document whose title is empty keeps its text.' });
    // An _id that reads as an arXiv id is normalised like any arXiv id.
    expect(third).toMatchObject({ id: '2104.08663', version: 3 });
  });

  it('keeps ids exactly, numeric ones as strings', () => {
    expect(beirToRecord({ _id: ' MED-10 ', title: 'T', text: '' })).toMatchObject({ id: ' MED-10 ' });
    expect(beirToRecord({ _id: 42, title: 'T' })).toMatchObject({ id: '42', abstract: null });
    expect(beirToRecord({ _id: '', title: 'T' })).toBe('missing field "_id"');
  });
});
