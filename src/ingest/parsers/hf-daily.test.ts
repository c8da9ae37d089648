import { describe, expect, it } from 'vitest';
import { hfDailyItemToRecord, parseHfDaily } from './hf-daily.ts';
import { chunked, collect, fixture, outline, records } from './test-helpers.ts';

describe('hf-daily: API array', () => {
  it('streams the items: feed day from the item, rank from the position, upvotes and links', async () => {
    const items = await collect(parseHfDaily(fixture('hf-daily-api.json')));
    expect(outline(items)).toEqual([
      [1, '2508.13167'],
      [2, '2508.12345'],
      [3, 'rejected: missing field "paper.id"'],
    ]);
    const [first, second] = records(items);
    expect(first).toEqual({
      id: '2508.13167',
      version: null,
      title: 'A Paper With [brackets], {braces} and "quotes"',
      abstract: 'First line of the abstract wrapped by arXiv.',
      authors: ['Ada Example', 'Grace Sample'],
      categories: [],
      primaryCategory: null,
      publishedAt: '2025-08-18T17:59:58.000Z',
      updatedAt: null,
      comment: null,
      journalRef: null,
      doi: null,
      githubRepo: 'https://github.com/example/repo',
      projectPage: 'https://example.github.io/project',
      sourceUpvotes: 57,
      listedOn: null,
      // The item's publishedAt: when Hugging Face put the paper on its feed.
      feed: { day: '2025-08-19', rank: 1, submittedBy: 'akhaliq', submittedAt: '2025-08-19T00:33:06.000Z' },
      source: 'hf',
      aiSummary: 'A benchmark of agents.',
      aiKeywords: ['agents', 'benchmarks'],
      organization: { name: 'example-lab', fullname: 'Example Lab', avatarUrl: 'https://cdn.example.org/lab.png' },
      githubStars: 12,
    });
    expect(second).toMatchObject({
      authors: ['Émile Unicode'],
      githubRepo: null,
      sourceUpvotes: 3,
      feed: { day: '2025-08-19', rank: 2, submittedBy: null },
    });
  });

  it('gives the live client one mapping, with reasons as strings', () => {
    const paper = { id: '2508.13167', title: 'T', submittedOnDailyAt: '2025-08-20T23:59:00Z' };
    // Without the item's publishedAt the day comes from submittedOnDailyAt; rank when given.
    expect(hfDailyItemToRecord({ paper }, 7)).toMatchObject({ feed: { day: '2025-08-20', rank: 7, submittedBy: null } });
    expect(hfDailyItemToRecord({ paper: { ...paper, submittedOnDailyBy: { user: 'someone' } } })).toMatchObject({
      feed: { rank: null, submittedBy: 'someone' },
    });
    expect(hfDailyItemToRecord({ paper: { id: '2508.13167', title: 'T' } })).toBe('missing field "publishedAt"');
    expect(hfDailyItemToRecord({ title: 'T' })).toBe('missing field "paper"');
    expect(hfDailyItemToRecord(null)).toBe('not a JSON object');
    expect(hfDailyItemToRecord({ paper: { id: 'x', title: 'T' } })).toBe('invalid arXiv id "x"');
    expect(hfDailyItemToRecord({ paper: { ...paper, upvotes: '5' } })).toBe('field "upvotes" must be a number');
  });
});

describe('hf-daily: flattened JSON Lines', () => {
  it('reads date, rank_in_day, upvotes and a nullable abstract', async () => {
    const items = await collect(parseHfDaily(fixture('hf-daily-flat.jsonl')));
    expect(outline(items)).toEqual([
      [1, '2311.10122'],
      [2, '2311.10709'],
      [3, '2312.17681'],
    ]);
    const [first, , third] = records(items);
    expect(first).toMatchObject({
      title: 'Video-LLaVA: Learning United Visual Representation by Alignment Before Projection',
      abstract: null,
      authors: [],
      sourceUpvotes: null,
      feed: { day: '2023-11-20', rank: 1, submittedBy: null },
    });
    expect(third).toMatchObject({
      abstract: 'Diffusion models for video-to-video synthesis (fixture text).',
      authors: ['Feng Liang', 'Bichen Wu', 'Jialiang Wang'],
      sourceUpvotes: 10,
      feed: { day: '2024-01-01', rank: 1, submittedBy: null },
    });
  });

  it('rejects rows without a day or title, and rows of another format', async () => {
    const input = [
      '{"arxiv_id": "2401.00001", "title": "No date"}',
      '{"arxiv_id": "2401.00002", "date": "2024-13-01", "title": "Bad date"}',
      '{"arxiv_id": "2401.00003", "date": "2024-01-02"}',
      '{"_id": "1", "title": "BEIR"}',
    ].join('\n');
    expect(outline(await collect(parseHfDaily(chunked(input))))).toEqual([
      [1, 'rejected: missing field "date"'],
      [2, 'rejected: field "date" is not a day: "2024-13-01"'],
      [3, 'rejected: missing field "title"'],
      [4, 'rejected: not a Hugging Face daily paper: expected a "paper" or "arxiv_id" field'],
    ]);
  });
});

describe('hf-daily: PaperExplorer object keyed by arXiv id', () => {
  it('reads each member, without inventing a feed day', async () => {
    const items = await collect(parseHfDaily(fixture('hf-paperexplorer.json')));
    expect(outline(items)).toEqual([
      [1, '2312.17653'],
      [2, '2312.17681'],
    ]);
    expect(records(items)[1]).toMatchObject({
      title: 'FlowVid: Taming Imperfect Optical Flows for Consistent Video-to-Video Synthesis',
      abstract: 'Video-to-video synthesis with imperfect optical flows.',
      publishedAt: '2023-12-29T16:57:12.000Z',
      sourceUpvotes: 15,
      feed: null,
    });
  });
});
