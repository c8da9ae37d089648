/**
 * A small corpus with three interests (long-context routing, speech recognition, graph
 * networks): library papers published in January 2026, new ones in February, so a
 * recommendation window of February holds only the new ones.
 */
import { type PaperRecord, paperRecord } from '../../src/core/paper.ts';

const paper = (id: string, day: string, title: string, abstract: string, authors: string[], categories: string[]) =>
  paperRecord({
    id,
    title,
    abstract,
    authors,
    categories,
    publishedAt: `${day}T12:00:00.000Z`,
    sourceUpvotes: Number(id.slice(-2)),
  });

export const WINDOW = { from: '2026-02-01', to: '2026-02-28' };

/** What a reader of long-context routing has read. */
export const LIBRARY = [
  paper(
    '2601.00101',
    '2026-01-05',
    'Mixture of Experts Routing for Long Context Language Models',
    'We route tokens between experts to extend the long context window of language models with sparse attention.',
    ['Ana Lima', 'Kenji Sato'],
    ['cs.CL'],
  ),
  paper(
    '2601.00102',
    '2026-01-08',
    'State Space Models Meet Long Context',
    'State space models process long context sequences in linear time; we compare them with sparse attention.',
    ['Ana Lima', 'Priya Nair'],
    ['cs.CL', 'cs.LG'],
  ),
  paper(
    '2601.00103',
    '2026-01-12',
    'Expert Routing Under Memory Budgets',
    'Sparse expert routing with a memory budget keeps long context inference cheap.',
    ['Omar Haddad'],
    ['cs.LG'],
  ),
];

/** Not interested: speech. */
export const SPEECH_OLD = paper(
  '2601.00201',
  '2026-01-06',
  'Streaming Speech Recognition with Transducers',
  'A streaming speech recognition transducer for noisy audio and spoken language.',
  ['Lena Vogel'],
  ['eess.AS'],
);

export const NEW_PAPERS = [
  paper(
    '2602.00301',
    '2026-02-03',
    'Sparse Attention and Expert Routing for Million Token Contexts',
    'Expert routing with sparse attention scales the long context of language models to a million tokens.',
    ['Mia Chen'],
    ['cs.CL'],
  ),
  paper(
    '2602.00302',
    '2026-02-04',
    'Selective State Space Layers for Long Sequences',
    'State space layers model long context sequences; a selective scan replaces attention.',
    ['Tom Berg'],
    ['cs.LG'],
  ),
  paper(
    '2602.00303',
    '2026-02-05',
    'A Note on Benchmarks',
    'We revisit how benchmarks are built and reported in machine learning.',
    ['Ana Lima', 'Sam Reed'],
    ['cs.LG'],
  ),
  paper(
    '2602.00304',
    '2026-02-06',
    'Speech Recognition for Spoken Dialogue in Noisy Audio',
    'Streaming speech recognition of spoken dialogue in noisy audio with transducers.',
    ['Yuki Tan'],
    ['eess.AS'],
  ),
  paper(
    '2602.00305',
    '2026-02-07',
    'Speech Translation with Streaming Transducers',
    'Streaming transducers translate speech in noisy audio.',
    ['Yuki Tan', 'Lena Vogel'],
    ['eess.AS'],
  ),
  paper(
    '2602.00306',
    '2026-02-08',
    'Graph Neural Networks for Molecules',
    'Message passing graph neural networks predict molecule properties.',
    ['Rosa Diaz'],
    ['cs.LG'],
  ),
];

export const RECOMMEND_CORPUS: PaperRecord[] = [...LIBRARY, SPEECH_OLD, ...NEW_PAPERS];
