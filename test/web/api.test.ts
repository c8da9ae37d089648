import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { BUSY_DAY, busyDay, corpusDoc, routing, saveFixtures, THREE_DAYS, useTestApp } from './fixtures.ts';

const HEX_ID = expect.stringMatching(/^[0-9a-f]{24}$/);
const AVATAR = 'http://papers.test/static/avatar.svg';

const akhaliq = {
  _id: HEX_ID,
  name: 'akhaliq',
  user: 'akhaliq',
  fullname: 'akhaliq',
  avatarUrl: AVATAR,
  isPro: false,
  type: 'user',
};
const huggingface = {
  _id: HEX_ID,
  name: 'huggingface',
  user: 'huggingface',
  fullname: 'Hugging Face',
  avatarUrl: AVATAR,
  isPro: false,
  type: 'org',
};
const arxivBot = { _id: HEX_ID, name: 'arxiv', user: 'arxiv', fullname: 'arXiv', avatarUrl: AVATAR, isPro: false, type: 'org' };

/** An author as HF's client reads one: no HF account or claim here. */
const author = (name: string) => ({ _id: HEX_ID, name, hidden: false, user: null, status: null, statusLastChangedAt: null });
/** The fields HF's client reads that these fixtures give no value for. */
const NOTHING_MORE = {
  githubStars: null,
  ai_summary: null,
  ai_keywords: [],
  organization: null,
  linkedModels: [],
  numTotalModels: null,
  linkedDatasets: [],
  numTotalDatasets: null,
  linkedSpaces: [],
};
const routingAdditions = {
  ...NOTHING_MORE,
  source: 'arxiv',
  githubRepo: 'https://github.com/example/sparse-routing',
  projectPage: 'https://example.org/routing',
};

/** The paper object HF gives for the fixture `routing`. */
const routingPaper = {
  id: '2603.00010',
  title: 'Sparse Routing for Long Contexts',
  summary: routing.abstract,
  authors: routing.authors.map(author),
  publishedAt: '2026-02-28T17:00:00.000Z',
  upvotes: 42,
  discussionId: '2603.00010',
  ...routingAdditions,
  submittedOnDailyAt: '2026-03-02T08:00:00.000Z',
  submittedOnDailyBy: akhaliq,
};

describe.each(DIALECTS)('Hugging Face–compatible API on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, [...THREE_DAYS, corpusDoc, ...busyDay]));

  const getJson = async (url: string) => {
    const res = await web.app.inject({ url });
    return { status: res.statusCode, headers: res.headers, body: res.json() };
  };
  const ids = (items: { paper: { id: string } }[]) => items.map((item) => item.paper.id);

  describe('GET /api/daily_papers', () => {
    it('gives the latest day with Hugging Face’s item shape', async () => {
      const res = await getJson('/api/daily_papers?sort=trending');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(ids(res.body)).toEqual(['2603.00010', '2603.00011', '2603.00666']);
      expect(res.body[0]).toStrictEqual({
        paper: routingPaper,
        publishedAt: '2026-03-02T08:00:00.000Z',
        title: 'Sparse Routing for Long Contexts',
        summary: routing.abstract,
        thumbnail: expect.stringMatching(/^http:\/\/papers\.test\/papers\/2603\.00010\/thumbnail\.svg\?v=[\w-]{10}$/),
        numComments: 0,
        submittedBy: akhaliq,
        isAuthorParticipating: false,
        ...routingAdditions,
      });
    });

    it('gives null for links it does not have, and names the source when no one submitted', async () => {
      const [, rewards, injected] = (await getJson('/api/daily_papers?date=2026-03-02&sort=trending')).body;
      expect(rewards.paper).toStrictEqual({
        id: '2603.00011',
        title: 'Reward Models That Explain Themselves',
        summary: 'Reward models that explain their preferences.',
        authors: [author('Lena Vogel')],
        publishedAt: '2026-02-28T18:00:00.000Z',
        upvotes: 7,
        discussionId: '2603.00011',
        ...NOTHING_MORE,
        source: 'arxiv',
        githubRepo: null,
        projectPage: null,
        submittedOnDailyAt: '2026-03-02T08:00:00.000Z',
        submittedOnDailyBy: huggingface,
      });
      expect(rewards.submittedBy).toStrictEqual(huggingface);
      // Text is JSON, not HTML: it goes out as stored; only non-http links are dropped.
      expect(injected.paper.title).toBe('<script>alert(1)</script> Injected title');
      expect(injected.paper.githubRepo).toBeNull();

      const [oldStyle] = (await getJson('/api/daily_papers?date=2026-02-27&sort=publishedAt')).body.filter(
        (item: { paper: { id: string } }) => item.paper.id === 'hep-th/9901001',
      );
      expect(oldStyle.submittedBy).toStrictEqual(arxivBot);
      // Placed by a rule on 2026-03-02 for the day 2026-02-27: the instant stays within its day.
      expect(oldStyle.publishedAt).toBe('2026-02-27T00:00:00.000Z');
    });

    it('keeps author ids stable and distinct', async () => {
      const first = (await getJson('/api/daily_papers')).body;
      const second = (await getJson('/api/papers/2603.00010')).body;
      const authorIds = first
        .find((item: { paper: { id: string } }) => item.paper.id === '2603.00010')
        .paper.authors.map((a: { _id: string }) => a._id);
      expect(second.authors.map((a: { _id: string }) => a._id)).toEqual(authorIds);
      expect(new Set(authorIds).size).toBe(5);
    });

    it('orders newest entries first by default and for sort=publishedAt, most upvoted first for trending', async () => {
      // Entered together (one HF import): the source's own order decides.
      expect(ids((await getJson('/api/daily_papers?date=2026-03-02')).body)).toEqual(['2603.00010', '2603.00011', '2603.00666']);
      expect(ids((await getJson('/api/daily_papers?date=2026-03-02&sort=publishedAt')).body)).toEqual([
        '2603.00010',
        '2603.00011',
        '2603.00666',
      ]);
      expect(ids((await getJson('/api/daily_papers?week=2026-W09&sort=trending')).body)).toEqual([
        '2602.00020',
        '2602.00030',
        'hep-th/9901001',
      ]);
      // Same day and same entry time: the source's rank first, unranked rule entries after.
      expect(ids((await getJson('/api/daily_papers?week=2026-W09&sort=publishedAt')).body)).toEqual([
        '2602.00020',
        'hep-th/9901001',
        '2602.00030',
      ]);
      expect(ids((await getJson('/api/daily_papers?month=2026-02&sort=trending')).body)).toEqual([
        '2602.00020',
        '2602.00030',
        'hep-th/9901001',
      ]);
      expect((await getJson('/api/daily_papers?date=2026-02-26')).body).toEqual([]);
    });

    it('pages with p (from 0) and limit', async () => {
      const all = ids((await getJson(`/api/daily_papers?date=${BUSY_DAY}&sort=trending&limit=100`)).body);
      expect(all).toHaveLength(55);
      expect(ids((await getJson(`/api/daily_papers?date=${BUSY_DAY}&sort=trending`)).body)).toEqual(all.slice(0, 50));
      expect(ids((await getJson(`/api/daily_papers?date=${BUSY_DAY}&sort=trending&limit=20&p=1`)).body)).toEqual(
        all.slice(20, 40),
      );
      expect(ids((await getJson(`/api/daily_papers?date=${BUSY_DAY}&sort=trending&limit=20&p=2`)).body)).toEqual(all.slice(40));
      expect((await getJson(`/api/daily_papers?date=${BUSY_DAY}&limit=20&p=3`)).body).toEqual([]);
    });

    it('filters by submitter, on every day unless a window is given', async () => {
      expect(ids((await getJson('/api/daily_papers?submitter=akhaliq')).body)).toEqual(['2603.00010', '2602.00030']);
      expect(ids((await getJson('/api/daily_papers?submitter=akhaliq&date=2026-03-02')).body)).toEqual(['2603.00010']);
      expect((await getJson('/api/daily_papers?submitter=nobody')).body).toEqual([]);
    });
  });

  describe('GET /api/papers/{id}', () => {
    it('gives the bare paper object with numComments, for any form of the id', async () => {
      for (const form of [
        '2603.00010',
        '2603.00010v2',
        'arXiv:2603.00010',
        'https://arxiv.org/abs/2603.00010v3',
        'https://arxiv.org/pdf/2603.00010',
      ]) {
        const res = await getJson(`/api/papers/${form}`);
        expect(res.status, form).toBe(200);
        expect(res.body, form).toStrictEqual({ ...routingPaper, numComments: 0 });
      }
    });

    it('adds comments with ?field=comments', async () => {
      const res = await getJson('/api/papers/2603.00010?field=comments');
      expect(res.body).toStrictEqual({ ...routingPaper, numComments: 0, comments: [] });
      const bad = await getJson('/api/papers/2603.00010?field=votes');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toContain('parameter field');
    });

    it('finds old-style ids and corpus ids; papers on no feed have no submission fields', async () => {
      const old = await getJson('/api/papers/hep-th/9901001');
      expect(old.status).toBe(200);
      expect(old.body).toMatchObject({ id: 'hep-th/9901001', submittedOnDailyBy: arxivBot });
      const corpus = await getJson('/api/papers/4983');
      expect(corpus.body).toStrictEqual({
        id: '4983',
        title: 'A Corpus Document',
        summary: 'Text of a corpus document.',
        authors: [],
        publishedAt: '2026-03-02T08:00:00.000Z',
        upvotes: 0,
        discussionId: '4983',
        ...NOTHING_MORE,
        source: null,
        githubRepo: null,
        projectPage: null,
        numComments: 0,
      });
    });

    it('answers 404 for an unknown paper and for something that is not an id, as Hugging Face does', async () => {
      const unknown = await getJson('/api/papers/2603.99999');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toStrictEqual({ error: 'Paper 2603.99999 not found' });
      const unreadable = await getJson('/api/papers/not-an-id');
      expect(unreadable.status).toBe(404);
      expect(unreadable.body.error).toMatch(/^Paper "not-an-id" not found: expected an arXiv id/);
    });
  });

  describe('GET /api/papers', () => {
    it('lists every paper by publication date, newest first, through the Link header', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/papers?limit=25';
      let pages = 0;
      while (url) {
        const res = await web.app.inject({ url });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { id: string; publishedAt: string }[];
        expect(page.length).toBeLessThanOrEqual(25);
        seen.push(...page.map((p) => p.id));
        const link = res.headers.link as string | undefined;
        url = link
          ? /^<http:\/\/papers\.test(\/api\/papers\?cursor=[A-Za-z0-9_-]+&limit=25)>; rel="next"$/.exec(link)![1]!
          : null;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toHaveLength(62);
      expect(new Set(seen).size).toBe(62);
      expect(seen.slice(0, 4)).toEqual(['4983', '2603.00666', '2603.00011', '2603.00010']);
      expect(seen.at(-1)).toBe('hep-th/9901001');
    });

    it('gives paper objects with their feed submission when they have one', async () => {
      const [first, second] = (await getJson('/api/papers?limit=2')).body;
      expect(first).toStrictEqual({
        id: '4983',
        title: 'A Corpus Document',
        summary: 'Text of a corpus document.',
        authors: [],
        publishedAt: '2026-03-02T08:00:00.000Z',
        upvotes: 0,
        discussionId: '4983',
        ...NOTHING_MORE,
        source: null,
        githubRepo: null,
        projectPage: null,
      });
      expect(second).toMatchObject({
        id: '2603.00666',
        submittedOnDailyAt: '2026-03-02T08:00:00.000Z',
        submittedOnDailyBy: huggingface,
      });
    });
  });

  describe('bad parameters', () => {
    const cases: [string, string, string][] = [
      [
        '/api/daily_papers?date=2025-02-30',
        'date',
        'Invalid date "2025-02-30": parameter date must be a real calendar day YYYY-MM-DD',
      ],
      [
        '/api/daily_papers?date=2025-13-01',
        'date',
        'Invalid date "2025-13-01": parameter date must be a real calendar day YYYY-MM-DD',
      ],
      [
        '/api/daily_papers?date=yesterday',
        'date',
        'Invalid date "yesterday": parameter date must be a real calendar day YYYY-MM-DD',
      ],
      [
        '/api/daily_papers?week=2024-W54',
        'week',
        'Invalid week "2024-W54": parameter week must be an ISO week YYYY-Www that exists in that year (W01 to W52, or W53)',
      ],
      ['/api/daily_papers?month=2024-13', 'month', 'Invalid month "2024-13": parameter month must be a month YYYY-MM (01 to 12)'],
      ['/api/daily_papers?limit=0', 'limit', 'Invalid limit "0": parameter limit must be a whole number from 1 to 100'],
      ['/api/daily_papers?limit=101', 'limit', 'Invalid limit "101": parameter limit must be a whole number from 1 to 100'],
      ['/api/daily_papers?limit=abc', 'limit', 'Invalid limit "abc": parameter limit must be a whole number from 1 to 100'],
      ['/api/daily_papers?p=-1', 'p', 'Invalid p "-1": parameter p must be a whole number from 0 to 100000'],
      [
        '/api/daily_papers?date=2026-03-02&week=2026-W10',
        'date',
        'Parameters date and week cannot be used together: give at most one of date, week, month',
      ],
      [
        '/api/daily_papers?week=2026-W10&month=2026-03',
        'month',
        'Parameters week and month cannot be used together: give at most one of date, week, month',
      ],
      ['/api/daily_papers?sort=hot', 'sort', 'Invalid sort "hot": parameter sort must be publishedAt or trending'],
      ['/api/daily_papers?date=2026-03-02&date=2026-03-01', 'date', 'Parameter date was given 2 times: give it once'],
      ['/api/papers?limit=0', 'limit', 'Invalid limit "0": parameter limit must be a whole number from 1 to 100'],
      [
        '/api/papers?cursor=not-a-cursor',
        'cursor',
        'Invalid cursor "not-a-cursor": parameter cursor must be the value given in the Link header of a previous page',
      ],
      [
        `/api/papers?cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
        'cursor',
        'Invalid cursor "eyJhIjoxfQ": parameter cursor must be the value given in the Link header of a previous page',
      ],
      [
        '/api/papers?cursor=%25%25',
        'cursor',
        'Invalid cursor "%%": parameter cursor must be the value given in the Link header of a previous page',
      ],
    ];
    it.each(cases)('%s answers 400 naming %s', async (url, parameter, message) => {
      const res = await getJson(url);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toStrictEqual({ error: message });
      expect(message).toMatch(new RegExp(`\\b${parameter}\\b`));
    });

    it('answers unknown API paths with JSON 404', async () => {
      const res = await getJson('/api/nothing/here');
      expect(res.status).toBe(404);
      expect(res.body).toStrictEqual({ error: 'Not found: GET /api/nothing/here' });
    });
  });
});
