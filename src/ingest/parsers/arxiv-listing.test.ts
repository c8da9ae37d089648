import { describe, expect, it } from 'vitest';
import { arxivListingToRecord, parseArxivListing } from './arxiv-listing.ts';
import { chunked, collect, fixture, jsonl, outline, records } from './test-helpers.ts';

describe('arxiv-listing', () => {
  it('reads the fixture into complete records', async () => {
    const items = await collect(parseArxivListing(fixture('arxiv-listing.jsonl')));
    // Line 2 is blank: skipped, but counted.
    expect(outline(items)).toEqual([
      [1, '2503.11742'],
      [3, '2503.11731'],
      [4, '2503.11800'],
    ]);
    const [first, second, third] = records(items);
    expect(first).toEqual({
      id: '2503.11742',
      version: null,
      title: 'Safe Vision-Language Models via Unsafe Weights Manipulation',
      abstract:
        'Vision-language models (VLMs) often inherit the biases and unsafe associations present within their ' +
        'large-scale training dataset. While recent approaches mitigate unsafe behaviors.',
      authors: ["Moreno D'Incà", 'Elia Peruzzo', 'Xingqian Xu', 'Humphrey Shi', 'Nicu Sebe', 'Massimiliano Mancini'],
      categories: ['cs.CV', 'cs.AI'],
      primaryCategory: 'cs.CV',
      publishedAt: null,
      updatedAt: null,
      comment: 'Work in progress',
      journalRef: null,
      doi: null,
      githubRepo: null,
      projectPage: null,
      source: 'arxiv',
      aiSummary: null,
      aiKeywords: [],
      organization: null,
      githubStars: null,
      sourceUpvotes: null,
      listedOn: '2025-03-18',
      feed: null,
    });
    // Version split off; hard wraps and indentation collapsed; HTML kept as text for the renderer.
    expect(second).toMatchObject({
      id: '2503.11731',
      version: 2,
      title: 'Industrial-Grade Sensor Simulation via Gaussian Splatting: A <b>Modular</b> Framework',
      abstract: 'Sensor simulation is pivotal for scalable validation of autonomous driving systems.',
      comment: null,
      listedOn: '2025-03-19',
    });
    expect(third).toMatchObject({ id: '2503.11800', abstract: null, listedOn: null, primaryCategory: 'cs.CL' });
  });

  it('rejects bad lines with their line number and goes on', async () => {
    const input = jsonl(
      { id: '2401.00001', title: 'Good' },
      'this is not JSON',
      { id: '2401.00002' },
      { title: 'No id' },
      { id: '2401.00003', title: '   ' },
      { id: '2413.00001', title: 'Month 13' },
      { id: 'abc', title: 'Not an id' },
      '[1, 2]',
      { id: '2401.00004', title: 'Bad day', listing_date: '2025-02-30' },
      { id: '2401.00005', title: 'Bad authors', authors: 'A, B' },
      { id: '2401.00006', title: 'Also good' },
    );
    expect(outline(await collect(parseArxivListing(chunked(input, 5))))).toEqual([
      [1, '2401.00001'],
      [2, `rejected: not JSON: Unexpected token 'h', "this is not JSON" is not valid JSON`],
      [3, 'rejected: missing field "title"'],
      [4, 'rejected: missing field "id"'],
      [5, 'rejected: missing field "title"'],
      [6, 'rejected: invalid arXiv id "2413.00001"'],
      [7, 'rejected: invalid arXiv id "abc"'],
      [8, 'rejected: not a JSON object'],
      [9, 'rejected: field "listing_date" is not a day: "2025-02-30"'],
      [10, 'rejected: field "authors" must be a list of strings'],
      [11, '2401.00006'],
    ]);
  });

  it('yields nothing for an empty input or only blank lines', async () => {
    expect(await collect(parseArxivListing(chunked('')))).toEqual([]);
    expect(await collect(parseArxivListing(chunked('\n\n  \r\n')))).toEqual([]);
  });

  it.each([
    ['2401.12345', '2401.12345', null],
    ['2401.12345v2', '2401.12345', 2],
    ['0704.0001', '0704.0001', null],
    ['1501.00001v10', '1501.00001', 10],
    ['arXiv:2401.12345v3', '2401.12345', 3],
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['hep-th/9901001v2', 'hep-th/9901001', 2],
    ['math.GT/0309136', 'math.GT/0309136', null],
    ['https://arxiv.org/abs/2401.12345v2', '2401.12345', 2],
    ['http://export.arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001', 1],
    ['https://arxiv.org/pdf/2401.12345.pdf', '2401.12345', null],
    ['  2401.12345  ', '2401.12345', null],
  ])('reads the id form %j', (raw, id, version) => {
    expect(arxivListingToRecord({ id: raw, title: 'T' })).toMatchObject({ id, version });
  });

  it.each(['2401.123', '2400.12345', '2413.12345', 'hep-th/990100', 'HEP-TH/9901001', '2401.12345v', 'abs/2401.12345'])(
    'rejects the id %j, showing it',
    (raw) => {
      expect(arxivListingToRecord({ id: raw, title: 'T' })).toBe(`invalid arXiv id ${JSON.stringify(raw)}`);
    },
  );
});
