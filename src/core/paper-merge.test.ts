import { describe, expect, it } from 'vitest';
import { type PaperFacts, paperRecord, type PaperRecord } from './paper.ts';
import { mergePaper, repairFacts, sameFacts } from './paper-merge.ts';

const v2 = paperRecord({
  id: '2401.00001',
  version: 2,
  title: 'Second version',
  abstract: 'Better abstract.',
  authors: ['A. Author'],
  categories: ['cs.CL'],
  publishedAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-02-01T00:00:00.000Z',
  source: 'arxiv',
});

/** arXiv's record of 2505.04921 and Hugging Face's scrape of it, which disagree on most text. */
const arxiv = paperRecord({
  id: '2505.04921',
  version: 1,
  title: 'Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning Models',
  abstract: 'Reasoning lies at the heart of intelligence.',
  authors: ['Yunxin Li', 'Zhenyu Liu', 'Zitao Li'],
  categories: ['cs.CV', 'cs.CL'],
  publishedAt: '2025-05-08T03:35:23.000Z',
  updatedAt: '2025-05-08T03:35:23.000Z',
  comment: '75 Pages, 10 figures; Project: https://github.com/HITsz-TMG/Awesome-Large-Multimodal-Reasoning-Models',
  journalRef: 'Journal of Surveys 1',
  doi: '10.1000/lmrm',
  source: 'arxiv',
});
const hf = paperRecord({
  id: '2505.04921',
  title: 'Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning   Models',
  abstract: 'Reasoning lies at the heart of intelligence (HF copy).',
  authors: ['Zitao Li', 'Yunxin Li', 'Zhenyu Liu'],
  publishedAt: '2025-05-08T03:35:23.000Z',
  githubRepo: 'https://github.com/HITsz-TMG/Awesome-LMRM',
  projectPage: 'https://lmrm.example.org',
  githubStars: 1234,
  aiSummary: 'A survey of multimodal reasoning models.',
  aiKeywords: ['multimodal reasoning', 'survey'],
  organization: { name: 'HITsz', fullname: 'Harbin Institute of Technology', avatarUrl: null },
  sourceUpvotes: 185,
  feed: { day: '2025-05-09', rank: 1, submittedBy: 'akhaliq', submittedAt: '2025-05-09T01:02:03.000Z' },
  source: 'hf',
});
const corpus = paperRecord({ id: '2505.04921', title: 'A corpus title', abstract: 'A corpus text.' });

const mergeAll = (...records: PaperRecord[]) => records.reduce<PaperFacts | null>(mergePaper, null)!;

describe('mergePaper: which source decides each field', () => {
  const arxivThenHf = mergeAll(arxiv, hf);
  const hfThenArxiv = mergeAll(hf, arxiv);

  it.each([
    // field, the value kept, the source it comes from
    ['title', arxiv.title, 'arXiv'],
    ['abstract', arxiv.abstract, 'arXiv'],
    ['authors', arxiv.authors, 'arXiv (its order)'],
    ['categories', arxiv.categories, 'arXiv'],
    ['primaryCategory', 'cs.CV', 'arXiv'],
    ['version', 1, 'arXiv'],
    ['comment', arxiv.comment, 'arXiv'],
    ['journalRef', arxiv.journalRef, 'arXiv'],
    ['doi', arxiv.doi, 'arXiv'],
    ['publishedAt', '2025-05-08T03:35:23.000Z', 'both (the earliest)'],
    ['sourceUpvotes', 185, 'Hugging Face'],
    ['githubRepo', hf.githubRepo, 'Hugging Face (over the link in arXiv’s comment)'],
    ['projectPage', hf.projectPage, 'Hugging Face'],
    ['githubStars', 1234, 'Hugging Face'],
    ['aiSummary', hf.aiSummary, 'Hugging Face'],
    ['aiKeywords', hf.aiKeywords, 'Hugging Face'],
    ['organization', hf.organization, 'Hugging Face'],
    ['source', 'arxiv', 'the strongest source that spoke'],
  ] as const)('%s is %j (from %s), whichever came first', (field, value, _source) => {
    expect(arxivThenHf[field]).toStrictEqual(value);
    expect(hfThenArxiv[field]).toStrictEqual(value);
  });

  it('gives the same facts in either order', () => {
    expect(sameFacts(arxivThenHf, hfThenArxiv)).toBe(true);
  });

  it('lets Hugging Face fill text arXiv has not given, and a corpus fill nothing arXiv or HF said', () => {
    const noAbstract = { ...arxiv, abstract: null };
    expect(mergeAll(noAbstract, hf).abstract).toBe(hf.abstract);
    expect(mergeAll(hf, noAbstract).abstract).toBe(hf.abstract);
    expect(mergeAll(arxiv, corpus).title).toBe(arxiv.title);
    expect(mergeAll(hf, corpus).title).toBe(hf.title);
    expect(mergeAll(corpus, hf).title).toBe(hf.title);
  });

  it('keeps what Hugging Face added when a later HF record leaves it out', () => {
    const bare = { ...hf, githubRepo: null, aiSummary: null, aiKeywords: [], organization: null, githubStars: null };
    expect(mergeAll(hf, bare)).toMatchObject({ githubRepo: hf.githubRepo, aiSummary: hf.aiSummary, githubStars: 1234 });
  });
});

describe('mergePaper: versions of the same source', () => {
  it('lets a newer version replace the text and keeps the first publication date', () => {
    const v3 = { ...v2, version: 3, title: 'Third version', updatedAt: '2024-03-01T00:00:00.000Z' };
    expect(mergeAll(v2, v3)).toMatchObject({ version: 3, title: 'Third version', updatedAt: '2024-03-01T00:00:00.000Z' });
  });

  it('keeps the stored text when an older version arrives', () => {
    const v1 = { ...v2, version: 1, title: 'First version', updatedAt: '2024-01-01T00:00:00.000Z' };
    expect(sameFacts(mergeAll(v2, v1), mergeAll(v2))).toBe(true);
  });
});

describe('mergePaper: author lists written as text', () => {
  it.each([
    ['a Python list in one string', ["['Xiaoliang Dai', 'Ali Thabet']"]],
    ['a Python list cut at its commas', ["['Xiaoliang Dai'", "'Ali Thabet']"]],
    ['a JSON array in a string', ['["Xiaoliang Dai", "Ali Thabet"]']],
  ])('splits %s into names', (_, authors) => {
    expect(mergeAll(paperRecord({ id: '2401.00002', title: 'T', authors, source: 'hf' })).authors).toEqual([
      'Xiaoliang Dai',
      'Ali Thabet',
    ]);
  });

  it('reads quoting and escapes the way each language writes them', () => {
    const authors = [`["Conan O'Brien", 'Zo\\u00eb Ng', "Ann 'Nan' Lee"]`];
    expect(mergeAll(paperRecord({ id: '2401.00002', title: 'T', authors })).authors).toEqual([
      "Conan O'Brien",
      'Zoë Ng',
      "Ann 'Nan' Lee",
    ]);
  });

  it('keeps a plain list, brackets in a name included, as it is', () => {
    const authors = ['[Anonymous]', 'B. Author'];
    expect(mergeAll(paperRecord({ id: '2401.00002', title: 'T', authors })).authors).toEqual(authors);
  });
});

describe('repairFacts', () => {
  it('brings facts stored before these rules up to them: names split, links read from the comment', () => {
    const stored = {
      ...mergeAll(paperRecord({ id: '2401.00003', title: 'T', source: 'hf' })),
      authors: ["['A B'", "'C D']"],
      comment: 'Code: https://github.com/owner/repo.',
    };
    expect(repairFacts(stored)).toMatchObject({ authors: ['A B', 'C D'], githubRepo: 'https://github.com/owner/repo' });
  });
});
