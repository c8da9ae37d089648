import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../../src/core/paper.ts';
import { termOf } from '../../src/search/analyzer.ts';
import { KeywordIndex } from '../../src/search/keyword-index.ts';

const doc = (docId: number, title: string, abstract: string, authors: string[] = ['Ana Lima']): SearchDocument => ({
  docId,
  title,
  abstract,
  authors,
  categories: ['cs.CL'],
  publishedAt: '2026-02-01T00:00:00Z',
  hasCode: false,
});

describe('KeywordIndex.scoreOf', () => {
  it('gives one paper the score match gives it, for built and added papers, and 0 for words it lacks', () => {
    const builder = KeywordIndex.builder();
    builder.add(doc(1, 'Sparse attention for long context', 'Sparse attention scales long context models.'));
    builder.add(doc(2, 'Expert routing', 'Routing tokens to experts with sparse gates.', ['Tom Berg']));
    builder.add(doc(3, 'Speech recognition', 'Acoustic models for speech.'));
    const index = builder.finish();
    // Added after the build: its postings live in the added lists, not the built segment.
    index.add(doc(4, 'Sparse experts for long context', 'Sparse routing of experts over long context.'));
    const scored = [
      { term: termOf('sparse'), weight: 2 },
      { term: termOf('context'), weight: 1 },
      { term: termOf('experts'), weight: 1.5 },
    ];
    const matches = index.match({ scored, required: [], excluded: [] });
    expect(matches.count).toBe(3);
    for (let i = 0; i < matches.count; i++) {
      expect(index.scoreOf(matches.slots[i]!, scored)).toBeCloseTo(matches.scores[i]!, 12);
    }
    expect(index.scoreOf(index.slotOf(3)!, scored)).toBe(0);
  });
});
