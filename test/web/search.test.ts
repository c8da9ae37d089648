import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { corpusDoc, saveFixtures, SCRIPT_TITLE, THREE_DAYS, useTestApp } from './fixtures.ts';

describe.each(DIALECTS)('search on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, [...THREE_DAYS, corpusDoc]));

  const get = (url: string) => web.app.inject({ url });

  describe('GET /api/papers/search', () => {
    it('answers daily items with highlighted title and summary', async () => {
      const res = await get('/api/papers/search?q=routing');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toHaveLength(1);
      expect(body[0].paper.id).toBe('2603.00010');
      expect(body[0].publishedAt).toBe('2026-03-02T08:00:00.000Z');
      expect(body[0].submittedBy.name).toBe('akhaliq');
      expect(body[0].title).toBe('Sparse Routing for Long Contexts');
      expect(body[0].highlightedTitle).toEqual([
        { type: 'text', text: 'Sparse ' },
        { type: 'highlight', text: 'Routing' },
        { type: 'text', text: ' for Long Contexts' },
      ]);
      expect(body[0].highlightedSummary[0]).toEqual({ type: 'text', text: 'We study sparse ' });
      expect(body[0].highlightedSummary[1]).toEqual({ type: 'highlight', text: 'routing' });
    });

    it('wraps a paper on no feed from the paper alone', async () => {
      const [item] = (await get('/api/papers/search?q=corpus')).json();
      expect(item.paper.id).toBe('4983');
      expect(item.paper).not.toHaveProperty('submittedOnDailyAt');
      expect(item.publishedAt).toBe(item.paper.publishedAt);
      expect(item.submittedBy).toMatchObject({ name: 'arxiv', type: 'org' });
      expect(item.numComments).toBe(0);
    });

    it('applies limit, filters and sort', async () => {
      const ids = async (url: string) => (await get(url)).json().map((item: { paper: { id: string } }) => item.paper.id);
      expect(await ids('/api/papers/search?q=reward+OR+routing+OR+graphs&sort=date&limit=2')).toHaveLength(2);
      expect(await ids('/api/papers/search?q=routing&category=cs.CV')).toEqual([]);
      expect(await ids('/api/papers/search?q=routing&hasCode=true')).toEqual(['2603.00010']);
      expect(await ids('/api/papers/search?q=routing&hasCode=false')).toEqual([]);
      expect(await ids('/api/papers/search?q=routing&from=2026-03-01')).toEqual([]);
      expect(await ids('/api/papers/search?q=routing&to=2026-03-01')).toEqual(['2603.00010']);
    });

    it.each([
      ['?category=cs.CL', 'category'],
      ['?hasCode=true&sort=date', 'hasCode'],
      [`?q=${'a'.repeat(251)}`, 'q'],
      ['?q=x&limit=0', 'limit'],
      ['?q=x&limit=121', 'limit'],
      ['?q=x&limit=ten', 'limit'],
      ['?q=x&from=2026-02-30', 'from'],
      ['?q=x&sort=best', 'sort'],
      ['?q=x&hasCode=yes', 'hasCode'],
      ['?q=x&category=%3Cb%3E', 'category'],
    ])('refuses %s with 400 naming %s', async (query, parameter) => {
      const res = await get(`/api/papers/search${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatch(new RegExp(`^${parameter} `));
    });

    it('accepts a query of exactly 250 characters', async () => {
      expect((await get(`/api/papers/search?q=${'a'.repeat(250)}`)).statusCode).toBe(200);
    });

    it('is described in the OpenAPI document', async () => {
      const paths = (await get('/openapi.json')).json().paths;
      expect(paths['/api/papers/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
        'q',
        'limit',
        'from',
        'to',
        'category',
        'hasCode',
        'sort',
      ]);
      expect(paths['/api/papers/{arxivId}/similar'].get).toBeDefined();
    });
  });

  describe('GET /api/papers/{id}/similar', () => {
    it('answers bare paper objects, never the paper itself', async () => {
      const res = await get('/api/papers/2603.00011/similar');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.length).toBeLessThanOrEqual(5);
      expect(body.map((p: { id: string }) => p.id)).not.toContain('2603.00011');
      for (const paper of body) expect(paper).toHaveProperty('discussionId', paper.id);
    });

    it('finds papers sharing distinctive words, old-style ids included', async () => {
      const res = await get('/api/papers/hep-th%2F9901001/similar');
      expect(res.json().map((p: { id: string }) => p.id)).toEqual(['2603.00666']);
      expect(res.json()[0].title).toBe(SCRIPT_TITLE);
      expect((await get('/api/papers/2603.00011/similar')).json()).toEqual([]);
    });

    it('answers 404 for an unknown paper and 400 for a bad limit', async () => {
      expect((await get('/api/papers/2699.99999/similar')).statusCode).toBe(404);
      expect((await get('/api/papers/2603.00011/similar?limit=21')).statusCode).toBe(400);
      expect((await get('/api/papers/2603.00011/similar?limit=20')).statusCode).toBe(200);
    });
  });

  describe('/papers?q=', () => {
    it('renders results as cards with matches marked, the filters and the feed link', async () => {
      const res = await get('/papers?q=routing');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<a href="/papers/2603.00010">Sparse <mark>Routing</mark> for Long Contexts</a>');
      // The day the paper was on the feed, linking to that day.
      expect(res.body).toContain(
        '<a href="/papers/date/2026-03-02" class="feed-day"><time datetime="2026-03-02">Mar 2, 2026</time></a>',
      );
      expect(res.body).toContain('<button form="vote" name="card" value="2603.00010" aria-label="42 upvotes">42</button>');
      expect(res.body).toContain('name="hasCode"');
      expect(res.body).toContain(
        '<link rel="alternate" type="application/atom+xml" title="Daily Papers search: routing" href="http://papers.test/papers/search.atom?q=routing"/>',
      );
    });

    it('escapes matched text and the query, never rendering markup', async () => {
      const res = await get(`/papers?q=${encodeURIComponent('script injected')}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<script>');
      expect(res.body).toContain('&lt;<mark>script</mark>>alert(1)&lt;/<mark>script</mark>> <mark>Injected</mark> title');
      expect(SCRIPT_TITLE).toContain('<script>');
    });

    it('goes straight to a paper named by its id', async () => {
      const res = await get('/papers?q=arXiv:2603.00010v2');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/papers/2603.00010');
    });

    it('says so when nothing matches, and refuses bad parameters with a 400 page', async () => {
      const empty = await get('/papers?q=zebrafish');
      expect(empty.statusCode).toBe(200);
      expect(empty.body).toContain('No papers match your search.');
      const bad = await get('/papers?q=x&from=yesterday');
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('text/html');
    });

    it('puts a search box in the header of every page', async () => {
      for (const url of ['/papers', '/papers/2603.00010', '/papers?q=routing']) {
        expect((await get(url)).body).toContain('<form class="site-search" action="/papers" method="get" role="search">');
      }
    });

    it('lists similar papers on the paper page', async () => {
      const page = (await get('/papers/hep-th/9901001')).body;
      expect(page).toContain('<h2>Similar papers</h2>');
      expect(page).toContain('<li><a href="/papers/2603.00666">&lt;script>alert(1)&lt;/script> Injected title</a></li>');
      expect((await get('/papers/2603.00011')).body).not.toContain('Similar papers');
    });
  });

  describe('/papers/search.atom', () => {
    it('is an Atom feed of the search, newest first', async () => {
      const res = await get('/papers/search.atom?q=routing');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(res.body).toContain('<title>Daily Papers search: routing</title>');
      expect(res.body).toContain('<id>http://papers.test/papers/2603.00010</id>');
      expect(res.body.match(/<entry>/g)).toHaveLength(1);
    });

    it('links itself with its filters, escaped once', async () => {
      const body = (await get('/papers/search.atom?q=%3Cb%3E+routing&hasCode=true')).body;
      expect(body).toContain('<title>Daily Papers search: &lt;b&gt; routing</title>');
      expect(body).toContain(
        '<link rel="self" href="http://papers.test/papers/search.atom?q=%3Cb%3E+routing&amp;hasCode=true&amp;sort=date"/>',
      );
    });

    it('refuses a bad search with 400', async () => {
      expect((await get('/papers/search.atom')).statusCode).toBe(400);
    });
  });
});
