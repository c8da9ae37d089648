import { describe, expect, it } from 'vitest';
import { paperRecord } from './paper.ts';
import { factsOf, mergePaper, sameFacts } from './paper-merge.ts';

const v2 = paperRecord({
  id: '2401.00001',
  version: 2,
  title: 'Second version',
  abstract: 'Better abstract.',
  authors: ['A. Author'],
  categories: ['cs.CL'],
  publishedAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-02-01T00:00:00.000Z',
});

describe('mergePaper', () => {
  it('lets a newer version replace the text and keeps the first publication date', () => {
    const v3 = {
      ...v2,
      version: 3,
      title: 'Third version',
      publishedAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-03-01T00:00:00.000Z',
    };
    expect(mergePaper(factsOf(v2), v3)).toMatchObject({
      version: 3,
      title: 'Third version',
      updatedAt: '2024-03-01T00:00:00.000Z',
    });
  });

  it('keeps the stored text when an older version arrives', () => {
    const v1 = { ...v2, version: 1, title: 'First version', updatedAt: '2024-01-01T00:00:00.000Z' };
    const merged = mergePaper(factsOf(v2), v1);
    expect(sameFacts(merged, factsOf(v2))).toBe(true);
  });

  it('fills what another source knows without erasing what it does not', () => {
    const hf = paperRecord({
      id: '2401.00001',
      title: 'Second version',
      sourceUpvotes: 17,
      githubRepo: 'https://github.com/x/y',
    });
    expect(mergePaper(factsOf(v2), hf)).toMatchObject({
      abstract: 'Better abstract.',
      authors: ['A. Author'],
      categories: ['cs.CL'],
      sourceUpvotes: 17,
      githubRepo: 'https://github.com/x/y',
      version: 2,
    });
  });
});
