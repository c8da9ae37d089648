/**
 * Hugging Face's Python client (`huggingface_hub`) pointed at this hub, request for request:
 * each helper below sends exactly what its papers method sends (paths, and only the
 * parameters given), and `paperInfo` reads an answer the way `PaperInfo(**item)` does, so the
 * assertions are what a client program would see. The papers come in through the real import
 * path: arXiv listings and Hugging Face daily items for the same papers, in both orders.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../src/core/paper.ts';
import { arxivListingToRecord } from '../../src/ingest/parsers/arxiv-listing.ts';
import { hfDailyItemToRecord, hfFlatToRecord } from '../../src/ingest/parsers/hf-daily.ts';
import { repairStoredPapers } from '../../src/ingest/repair-papers.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { insertPapers } from '../../src/store/papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { testServer } from './fixtures.ts';

const NOW = new Date('2025-05-02T09:00:00.000Z');
const ARXIV_AUTHORS = ['Yunxin Li', 'Zhenyu Liu', 'Zitao Li', 'Xuanyu Zhang'];
const AI_SUMMARY = 'A survey of large multimodal reasoning models.';
const ORGANIZATION = { name: 'HITsz-TMG', fullname: 'HITsz Text Machine Group', avatarUrl: 'https://cdn.example.org/tmg.png' };

/** arXiv's listing of a paper: the text, authors in order, a code link only in the comment. */
function arxivListing(id: string): PaperRecord {
  return record(
    arxivListingToRecord({
      id,
      title: 'Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning Models',
      summary: 'Reasoning lies at the heart of intelligence.',
      authors: ARXIV_AUTHORS,
      categories: ['cs.CV', 'cs.CL'],
      comment: '75 pages; code: https://github.com/HITsz-TMG/Awesome-LMRM',
      listing_date: '2025-04-30',
    }),
  );
}

/** Hugging Face's daily item for the same paper, as its API answers: its own scrape of the text. */
function hfItem(id: string): PaperRecord {
  return record(
    hfDailyItemToRecord(
      {
        paper: {
          id,
          title: 'Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning   Models',
          summary: 'Reasoning lies at the heart of intelligence (as scraped).',
          authors: [...ARXIV_AUTHORS].reverse().map((name) => ({ _id: '68a3f1c2a1b2c3d4e5f60001', name, hidden: false })),
          publishedAt: '2025-04-29T17:59:58.000Z',
          submittedOnDailyAt: '2025-04-30T13:05:00.000Z',
          submittedOnDailyBy: { user: 'akhaliq', fullname: 'AK' },
          upvotes: 185,
          githubRepo: 'https://github.com/HITsz-TMG/Awesome-Large-Multimodal-Reasoning-Models',
          githubStars: 321,
          projectPage: 'https://lmrm.example.org',
          ai_summary: AI_SUMMARY,
          ai_keywords: ['multimodal reasoning', 'survey'],
          organization: ORGANIZATION,
        },
        publishedAt: '2025-04-30T13:05:00.000Z',
        submittedBy: { name: 'akhaliq', fullname: 'AK' },
      },
      1,
    ),
  );
}

/** A row of a scraped HF feed file: no submitter, authors written as a Python list cut at its commas. */
const flatPick = record(
  hfFlatToRecord({
    date: '2025-05-01',
    arxiv_id: '2505.00003',
    title: 'A Pick Without a Submitter',
    upvotes: 12,
    authors: ["['Xiaoliang Dai'", "'Ali Thabet']"],
    rank_in_day: 1,
  }),
);

/** An arXiv paper on no feed whose comment names a GitLab repository and a project page. */
const archived = record(
  arxivListingToRecord({
    id: '2505.00004',
    title: 'Archived Paper With Links In Its Comment',
    summary: 'An abstract.',
    authors: ['Ada Lovelace'],
    categories: ['math.CO'],
    comment: 'Project page: https://ada.example.org/archived. Code: https://gitlab.com/ada/archived.git',
    listing_date: '2025-05-02',
  }),
);

function record(parsed: PaperRecord | string): PaperRecord {
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read as untyped JSON, as the Python client reads them
type Json = Record<string, any>;

/** Python's `or`: the first value that is truthy (None, '', 0, [] and {} are not). */
function pyOr(...values: unknown[]): unknown {
  const truthy = (v: unknown) =>
    !(v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0));
  return values.find(truthy) ?? values[values.length - 1] ?? null;
}

/** What `PaperInfo(**item)` reads from a daily item, a search result or a bare paper object. */
function paperInfo(item: Json) {
  const paper: Json = item.paper ?? {};
  const authors = (pyOr(paper.authors, item.authors) ?? []) as Json[];
  return {
    id: pyOr(paper.id, item.id),
    authors: authors.map((a) => ({
      name: a.name,
      user: a.user ?? null,
      status: a.status ?? null,
      statusLastChangedAt: a.statusLastChangedAt ?? null,
      hidden: a.hidden,
    })),
    publishedAt: pyOr(paper.publishedAt, item.publishedAt),
    title: item.title ?? null,
    source: item.source ?? null,
    summary: pyOr(paper.summary, item.summary),
    upvotes: pyOr(paper.upvotes, item.upvotes),
    discussionId: pyOr(paper.discussionId, item.discussionId),
    comments: item.numComments ?? null,
    submittedAt: pyOr(item.publishedAt, item.submittedOnDailyAt),
    submittedBy: pyOr(item.submittedBy, item.submittedOnDailyBy),
    aiSummary: item.ai_summary ?? null,
    aiKeywords: item.ai_keywords ?? null,
    organization: item.organization ?? null,
    projectPage: item.projectPage ?? null,
    githubRepo: item.githubRepo ?? null,
    githubStars: item.githubStars ?? null,
    linkedModels: item.linkedModels ?? null,
    numTotalModels: item.numTotalModels ?? null,
    linkedDatasets: item.linkedDatasets ?? null,
    numTotalDatasets: item.numTotalDatasets ?? null,
    linkedSpaces: item.linkedSpaces ?? null,
  };
}

describe.each(DIALECTS)('huggingface_hub papers methods against this hub on %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let endpoint: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    const save = (records: PaperRecord[]) => savePapers(store, records, { feedCategories: [], now: NOW });
    // The same paper twice: arXiv then Hugging Face, and Hugging Face then arXiv.
    await save([arxivListing('2505.00001'), hfItem('2505.00001')]);
    await save([hfItem('2505.00002')]);
    await save([arxivListing('2505.00002')]);
    await save([flatPick, archived]);
    app = await testServer(store);
    endpoint = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const get = async (path: string, params: Record<string, string | number | undefined> = {}) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
    const text = query.toString();
    return fetch(`${endpoint}${path}${text ? `?${text}` : ''}`);
  };
  const client = {
    listDailyPapers: async (
      params: {
        date?: string;
        week?: string;
        month?: string;
        submitter?: string;
        sort?: string;
        p?: number;
        limit?: number;
      } = {},
    ) => {
      const res = await get('/api/daily_papers', params);
      expect(res.status).toBe(200);
      return ((await res.json()) as Json[]).map(paperInfo);
    },
    paperInfo: (id: string) => get(`/api/papers/${id}`),
    listPapers: async (params: { query?: string; limit?: number } = {}) => {
      const res = await get('/api/papers/search', { q: params.query, limit: params.limit });
      expect(res.status).toBe(200);
      return ((await res.json()) as Json[]).map(paperInfo);
    },
    readPaper: (id: string) => get(`/papers/${id}.md`),
  };

  const expectedAuthors = ARXIV_AUTHORS.map((name) => ({
    name,
    user: null,
    status: null,
    statusLastChangedAt: null,
    hidden: false,
  }));

  it('list_daily_papers(date=…): every field PaperInfo reads, arXiv’s text with what Hugging Face added', async () => {
    const day = await client.listDailyPapers({ date: '2025-04-30' });
    expect(day).toHaveLength(2);
    const first = day.find((paper) => paper.id === '2505.00001');
    const second = day.find((paper) => paper.id === '2505.00002');
    expect(first).toStrictEqual({
      id: '2505.00001',
      authors: expectedAuthors,
      publishedAt: '2025-04-29T17:59:58.000Z',
      title: 'Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning Models',
      source: 'arxiv',
      summary: 'Reasoning lies at the heart of intelligence.',
      upvotes: 185,
      discussionId: '2505.00001',
      comments: 0,
      // Hugging Face's own moment, not the end of the feed day.
      submittedAt: '2025-04-30T13:05:00.000Z',
      submittedBy: expect.objectContaining({ user: 'akhaliq', name: 'akhaliq' }),
      aiSummary: AI_SUMMARY,
      aiKeywords: ['multimodal reasoning', 'survey'],
      organization: ORGANIZATION,
      projectPage: 'https://lmrm.example.org',
      githubRepo: 'https://github.com/HITsz-TMG/Awesome-Large-Multimodal-Reasoning-Models',
      githubStars: 321,
      linkedModels: [],
      numTotalModels: null,
      linkedDatasets: [],
      numTotalDatasets: null,
      linkedSpaces: [],
    });
    // Imported in the other order, the other paper reads the same.
    expect({ ...second, id: first!.id, discussionId: first!.discussionId }).toStrictEqual(first);
  });

  it('list_daily_papers(month=…) keeps an April 30 pick in April by the client’s own reading of its time', async () => {
    const april = await client.listDailyPapers({ month: '2025-04' });
    expect(april.map((paper) => paper.id).sort()).toEqual(['2505.00001', '2505.00002']);
    for (const paper of april) expect(new Date(String(paper.submittedAt)).getUTCMonth()).toBe(3);
    expect((await client.listDailyPapers({ month: '2025-05' })).map((paper) => paper.id)).toEqual(['2505.00003']);
  });

  it('list_daily_papers(submitter=…) matches the user the items report, people and automatic accounts alike', async () => {
    const mirrored = await client.listDailyPapers({ submitter: 'huggingface' });
    expect(mirrored.map((paper) => [paper.id, (paper.submittedBy as Json).user])).toEqual([['2505.00003', 'huggingface']]);
    expect((await client.listDailyPapers({ submitter: 'akhaliq' })).map((paper) => paper.id).sort()).toEqual([
      '2505.00001',
      '2505.00002',
    ]);
    expect(await client.listDailyPapers({ submitter: 'nobody' })).toEqual([]);
  });

  it('list_daily_papers with week, sort, p and limit', async () => {
    const week = await client.listDailyPapers({ week: '2025-W18', sort: 'trending', p: 0, limit: 2 });
    // The two picks with 185 upvotes, then the one with 12.
    expect(week.map((paper) => paper.id).sort()).toEqual(['2505.00001', '2505.00002']);
    expect((await client.listDailyPapers({ week: '2025-W18', sort: 'trending', p: 1, limit: 2 })).map((p) => p.id)).toEqual([
      '2505.00003',
    ]);
    // Without a window: the latest feed day.
    expect((await client.listDailyPapers()).map((paper) => paper.id)).toEqual(['2505.00003']);
  });

  it('paper_info(id): the bare object, read at its top level; names a list of authors written as text', async () => {
    const res = await client.paperInfo('2505.00001');
    expect(res.status).toBe(200);
    const info = paperInfo((await res.json()) as Json);
    expect(info).toMatchObject({
      id: '2505.00001',
      authors: expectedAuthors,
      title: 'Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning Models',
      source: 'arxiv',
      upvotes: 185,
      comments: 0,
      aiSummary: AI_SUMMARY,
      organization: ORGANIZATION,
      githubStars: 321,
      linkedSpaces: [],
    });
    const pick = paperInfo((await (await client.paperInfo('2505.00003')).json()) as Json);
    expect(pick.authors.map((a) => a.name)).toEqual(['Xiaoliang Dai', 'Ali Thabet']);
    expect(pick.submittedBy).toMatchObject({ user: 'huggingface', name: 'huggingface' });
  });

  it.each(['2505.99999', '1234.56789', 'not-a-paper'])('paper_info(%s) is 404, as on Hugging Face', async (id) => {
    const res = await client.paperInfo(id);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).error).toMatch(/not found/);
  });

  it('list_papers(query=…) finds by words; list_papers() lists the latest papers', async () => {
    expect((await client.listPapers({ query: 'multimodal reasoning survey' })).map((paper) => paper.id).sort()).toEqual([
      '2505.00001',
      '2505.00002',
    ]);
    const latest = await client.listPapers();
    expect(latest.map((paper) => paper.id)).toEqual(['2505.00004', '2505.00003', '2505.00002', '2505.00001']);
    expect(latest[0]).toMatchObject({
      title: 'Archived Paper With Links In Its Comment',
      source: 'arxiv',
      githubRepo: 'https://gitlab.com/ada/archived',
      projectPage: 'https://ada.example.org/archived',
      submittedBy: expect.objectContaining({ user: 'arxiv' }),
    });
    expect((await client.listPapers({ limit: 1 })).map((paper) => paper.id)).toEqual(['2505.00004']);
  });

  it('finds the paper whose code link was read from its arXiv comment with the has-code filter', async () => {
    const res = await get('/api/papers/search', { q: 'archived', hasCode: 'true' });
    expect(((await res.json()) as Json[]).map((item) => item.paper.id)).toEqual(['2505.00004']);
  });

  it('read_paper(id): the paper as Markdown, 404 for an unknown id', async () => {
    const res = await client.readPaper('2505.00001');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await res.text()).toBe(
      [
        '# Perception, Reason, Think, and Plan: A Survey on Large Multimodal Reasoning Models',
        '',
        `**Authors:** ${ARXIV_AUTHORS.join(', ')}  `,
        '**Published:** 2025-04-29  ',
        '**Upvotes:** 185  ',
        `**Page:** <http://papers.test/papers/2505.00001>  `,
        '**arXiv:** <https://arxiv.org/abs/2505.00001>  ',
        '**PDF:** <https://arxiv.org/pdf/2505.00001>  ',
        '**Code:** <https://github.com/HITsz-TMG/Awesome-Large-Multimodal-Reasoning-Models>  ',
        '**Project page:** <https://lmrm.example.org>',
        '',
        '## Abstract',
        '',
        'Reasoning lies at the heart of intelligence.',
        '',
        '## AI summary',
        '',
        AI_SUMMARY,
        '',
        '## Discussion',
        '',
        'No comments yet.',
        '',
      ].join('\n'),
    );
    const missing = await client.readPaper('2505.99999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
  });

  it('answers the paper page as Markdown to Accept: text/markdown, and as HTML to a browser', async () => {
    const markdown = await fetch(`${endpoint}/papers/2505.00003`, { headers: { accept: 'text/markdown' } });
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers.get('vary')).toMatch(/accept/i);
    expect(await markdown.text()).toMatch(/^# A Pick Without a Submitter\n\n\*\*Authors:\*\* Xiaoliang Dai, Ali Thabet {2}\n/);
    const browser = await fetch(`${endpoint}/papers/2505.00003`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.headers.get('content-type')).toMatch(/^text\/html/);
    expect(browser.headers.get('vary')).toMatch(/accept/i);
  });
});

describe.each(DIALECTS)('papers stored before the metadata rules, on %s', (dialect) => {
  it('are brought up to them by the repair reindex runs: names split, links read, and only once', async () => {
    const store = await openTestStore(dialect);
    try {
      const old = {
        ...arxivListing('2505.00009'),
        authors: ["['Xiaoliang Dai', 'Ali Thabet']"],
        comment: 'Code: https://github.com/owner/repo.',
      };
      // Written as the old import did: the raw author text and no links.
      await insertPapers(store.db, [{ ...old, sourceUpvotes: 0 }], NOW);
      expect(await repairStoredPapers(store, NOW)).toBe(1);
      expect(await repairStoredPapers(store, NOW)).toBe(0);
      const app = await testServer(store);
      try {
        const paper = (await app.inject({ url: '/api/papers/2505.00009' })).json();
        expect(paper.authors.map((a: Json) => a.name)).toEqual(['Xiaoliang Dai', 'Ali Thabet']);
        expect(paper.githubRepo).toBe('https://github.com/owner/repo');
        expect(paper.projectPage).toBeNull();
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
    }
  });
});
