import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../core/paper.ts';
import { termOf } from '../search/analyzer.ts';
import { KeywordIndex } from '../search/keyword-index.ts';
import { DEFAULT_LINEAR, rerankWithLinearModel, sampleSlots, termVector, trainLogistic } from './linear-model.ts';
import type { PositiveDoc, Recommended } from './model.ts';

const paper = (docId: number, title: string, abstract: string, publishedAt = '2026-02-01T00:00:00Z'): SearchDocument => ({
  docId,
  title,
  abstract,
  authors: [`Author ${docId}`],
  categories: ['cs.LG'],
  publishedAt,
  hasCode: false,
});

/** The member's library: long context and expert routing. */
const LIBRARY = [
  paper(
    1,
    'Mixture of Experts Routing for Long Context Language Models',
    'We route tokens between experts to extend the long context window.',
    '2026-01-05T00:00:00Z',
  ),
  paper(
    2,
    'State Space Models Meet Long Context',
    'State space models process long context sequences in linear time.',
    '2026-01-08T00:00:00Z',
  ),
  paper(
    3,
    'Expert Routing Under Memory Budgets',
    'Sparse expert routing with a memory budget keeps long context inference cheap.',
    '2026-01-12T00:00:00Z',
  ),
];
/** Marked "not interested": speech. */
const SPEECH = paper(
  4,
  'Streaming Speech Recognition with Transducers',
  'A streaming speech recognition transducer for noisy audio.',
  '2026-01-06T00:00:00Z',
);
/** The new papers to rank. */
const NEW = [
  paper(
    11,
    'Speech Recognition for Spoken Dialogue in Noisy Audio',
    'Streaming speech recognition of dialogue in noisy audio with transducers.',
  ),
  paper(
    12,
    'Sparse Attention and Expert Routing for Million Token Contexts',
    'Expert routing scales the long context of language models.',
  ),
  paper(13, 'Graph Neural Networks for Molecules', 'Message passing graph networks predict molecule properties.'),
  paper(14, 'Speech Translation with Streaming Transducers', 'Streaming transducers translate speech in noisy audio.'),
  paper(
    15,
    'Selective State Space Layers for Long Sequences',
    'State space layers model long context sequences with a selective scan.',
  ),
  paper(16, 'A Note on Benchmarks', 'We revisit how benchmarks are built and reported.'),
];
/** Papers on other topics: what the sampled negatives are drawn from. */
const OTHERS = [
  ['Protein Folding with Diffusion', 'Diffusion models predict protein structures from sequences.'],
  ['Robot Grasping from Demonstrations', 'A robot learns grasping from human demonstrations.'],
  ['Federated Learning under Privacy Budgets', 'Clients train a shared model with differential privacy.'],
  ['Image Segmentation with Transformers', 'Vision transformers segment medical images.'],
  ['Reinforcement Learning for Traffic Lights', 'Agents control traffic lights to cut waiting times.'],
  ['Quantum Circuits for Chemistry', 'Variational quantum circuits estimate molecular energies.'],
].map(([title, abstract], i) => paper(100 + i, title!, abstract!, '2025-06-01T00:00:00Z'));

function setUp() {
  const builder = KeywordIndex.builder();
  const all = [...LIBRARY, SPEECH, ...NEW, ...OTHERS];
  for (const doc of all) builder.add(doc);
  const index = builder.finish();
  const positives: PositiveDoc[] = LIBRARY.map((d) => ({ ...d, paperId: String(d.docId), source: 'saved' }));
  // Every new paper a candidate, all scored alike by model.ts: the order is the linear model's.
  const candidates: Recommended[] = NEW.map((d) => ({
    docId: d.docId,
    score: 1,
    reason: { kind: 'category', category: 'cs.LG', followed: false },
  }));
  const textOf = new Map(all.map((d) => [d.docId, d]));
  const sampled = sampleSlots(index, 6, 3).map((slot) => termVector(index, textOf.get(index.docIdOf(slot))!));
  return { index, positives, negatives: [SPEECH], candidates, textOf, sampled };
}

/** The top 10 of `candidates` re-ranked for the set-up's member, vectors read from its texts. */
function rerank(
  world: ReturnType<typeof setUp>,
  candidates: ReturnType<typeof setUp>['candidates'],
  options?: Parameters<typeof rerankWithLinearModel>[6],
) {
  const { index, positives, negatives, textOf, sampled } = world;
  return rerankWithLinearModel(
    index,
    candidates,
    { positives, negatives },
    (docId) => termVector(index, textOf.get(docId)!),
    sampled,
    10,
    options,
  );
}

describe('the per-member linear model', () => {
  it('ranks the library’s neighbours first and the "not interested" paper’s neighbours last', () => {
    const world = setUp();
    const ranked = rerank(world, world.candidates, { ...DEFAULT_LINEAR, blend: 1 });
    const order = ranked.map((r) => r.docId);
    // Long context and routing (12), state space for long sequences (15) first; the two speech
    // papers, like the one marked "not interested", last.
    expect(order.slice(0, 2).sort()).toEqual([12, 15]);
    expect(order.slice(-2).sort()).toEqual([11, 14]);
    // A paper the linear model lifted says why in the trained model's words.
    const first = ranked[0]!.reason;
    expect(first.kind).toBe('terms');
    if (first.kind === 'terms') expect(first.profile.slice(0, 10)).toContain(termOf('context'));
  });

  it('keeps model.ts’s order where the linear model barely counts, negative scores too', () => {
    const world = setUp();
    const scored = world.candidates.map((c, i) => ({ ...c, score: -0.1 * (i + 1) }));
    const ranked = rerank(world, scored, { ...DEFAULT_LINEAR, blend: 1e-6 });
    expect(ranked.map((r) => r.docId)).toEqual(scored.map((c) => c.docId));
  });

  it('gives the same ranking for the same seed', () => {
    const world = setUp();
    const run = () => rerank(world, world.candidates);
    expect(run()).toEqual(run());
    expect(sampleSlots(world.index, 5, 9)).toEqual(sampleSlots(world.index, 5, 9));
  });

  it('learns positive weights for the positives’ words and scores a positive above a negative', () => {
    const { index, positives, negatives } = setUp();
    const model = trainLogistic(
      [
        ...positives.map((d) => ({ vector: termVector(index, d), positive: true, weight: 1 })),
        ...negatives.map((d) => ({ vector: termVector(index, d), positive: false, weight: 1 })),
      ],
      DEFAULT_LINEAR,
    );
    expect(model.score(termVector(index, positives[0]!))).toBeGreaterThan(0);
    expect(model.score(termVector(index, negatives[0]!))).toBeLessThan(0);
    expect(model.strongestTerms(50)).not.toContain(termOf('speech'));
  });
});
