import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARXIV_ID_HELP } from '../../src/core/arxiv-id.ts';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import {
  BUSY_DAY,
  busyDay,
  corpusDoc,
  injected,
  routing,
  SCRIPT_ABSTRACT,
  SCRIPT_AUTHOR,
  SCRIPT_TITLE,
  saveFixtures,
  THREE_DAYS,
  useTestApp,
  testServer,
} from './fixtures.ts';

/** The href of the link whose visible text is `text`, or null. */
function linkTo(html: string, text: string): string | null {
  for (const match of html.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)) {
    if (match[2]!.replace(/[←→]/g, '').trim() === text) return /href="([^"]*)"/.exec(match[1]!)?.[1] ?? null;
  }
  return null;
}

function relLink(html: string, rel: 'prev' | 'next'): string | null {
  return new RegExp(`<a [^>]*rel="${rel}" href="([^"]*)"`).exec(html)?.[1] ?? null;
}

function heading(html: string): string | null {
  return /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? null;
}

function cardTitles(html: string): string[] {
  return [...html.matchAll(/<h2><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/**
 * Markup from the data must arrive as text: no live <script>, no injected attributes. A paper's
 * JSON-LD block is data, and holds no `<` at all (so nothing in it can close it).
 */
function expectNoInjectedMarkup(html: string) {
  // The only scripts: the hub's own keyboard shortcuts, and a paper's JSON-LD (data).
  expect(
    html
      .replace(/<script type="module" src="\/static\/keys\.js\?v=\w+"><\/script>/, '')
      .replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, ''),
  ).not.toMatch(/<script/i);
  // The only pictures are the hub's own paper thumbnails.
  expect(html).not.toMatch(/<img(?! src="\/papers\/[^"]+\/thumbnail\.svg\?v=[\w-]+")/i);
  expect(html).not.toContain('javascript:');
}

describe.each(DIALECTS)('HTML pages on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, [...THREE_DAYS, corpusDoc, ...busyDay]));

  const get = (url: string) => web.app.inject({ method: 'GET', url });

  it('shows the latest day with entries at /papers, most upvoted first, with the site header and tabs', async () => {
    const res = await get('/papers');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      '<a class="brand" href="/papers"><strong>Daily Papers</strong> <span class="tagline">— by the research community</span></a>',
    );
    expect(linkTo(html, 'Daily')).toBe('/papers');
    expect(linkTo(html, 'Weekly')).toBe('/papers/week/2026-W10');
    expect(linkTo(html, 'Monthly')).toBe('/papers/month/2026-03');
    expect(heading(html)).toBe('Mar 2, 2026');
    expect(cardTitles(html)).toEqual([
      'Sparse Routing for Long Contexts',
      'Reward Models That Explain Themselves',
      '&lt;script>alert(1)&lt;/script> Injected title',
    ]);
    expect(relLink(html, 'prev')).toBe('/papers/date/2026-02-27');
    expect(linkTo(html, 'Previous day')).toBe('/papers/date/2026-02-27');
    expect(relLink(html, 'next')).toBeNull();
    expect(html).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Daily Papers" href="http://papers.test/papers/feed.atom"/>',
    );
  });

  it('shows a card with authors cut to a few, the start of the abstract, votes, category and links', async () => {
    const html = (await get('/papers/date/2026-03-02')).body;
    const card = html.slice(html.indexOf('<article class="card" id="paper-2603.00010">'), html.indexOf('</article>'));
    expect(card).toContain('<a href="/papers/2603.00010">Sparse Routing for Long Contexts</a>');
    expect(card).toContain(
      '</h2><p><a href="/papers?by=Ana+Lima">Ana Lima</a>, ' +
        '<a href="/papers?by=Kenji+Sato">Kenji Sato</a> et al. (5 authors)</p>',
    );
    expect(card).toContain('aria-label="42 upvotes">42</button>');
    expect(card).toContain('<span class="category">cs.CL</span><span class="category">cs.LG</span>');
    // The card keeps the code link; arXiv and PDF are on the paper's page.
    expect(card).toContain(
      '<span class="links"><a href="https://github.com/example/sparse-routing">Code</a><a href="https://example.org/routing">Project page</a></span>',
    );
    expect(card).not.toContain('arxiv.org');
    const abstract = /<p class="abstract">([^<]*)<\/p>/.exec(card)![1]!;
    expect(abstract.length).toBeLessThanOrEqual(171);
    expect(abstract.endsWith('…')).toBe(true);
    expect(routing.abstract!.startsWith(abstract.slice(0, -1))).toBe(true);
    // Cut at a word: what precedes the ellipsis is a whole word of the abstract.
    expect(routing.abstract!.charAt(abstract.length - 1)).toMatch(/[\s.]/);
  });

  it('links each day to the nearest days that have entries, skipping empty days', async () => {
    const html = (await get('/papers/date/2026-02-27')).body;
    expect(heading(html)).toBe('Feb 27, 2026');
    expect(relLink(html, 'prev')).toBe('/papers/date/2026-02-25');
    expect(relLink(html, 'next')).toBe('/papers/date/2026-03-02');
    expect(linkTo(html, 'Previous day')).toBe('/papers/date/2026-02-25');
    expect(linkTo(html, 'Next day')).toBe('/papers/date/2026-03-02');
    expect(cardTitles(html)).toEqual(['Scientific Figure Question Answering', 'Strings on an Old-Style Identifier']);
    expect(html).toContain('<a href="/papers/hep-th/9901001">');

    const empty = await get('/papers/date/2026-02-26');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No papers on this day.');
    expect(relLink(empty.body, 'prev')).toBe('/papers/date/2026-02-25');
    expect(relLink(empty.body, 'next')).toBe('/papers/date/2026-02-27');

    const first = (await get(`/papers/date/${BUSY_DAY}`)).body;
    expect(relLink(first, 'prev')).toBeNull();
    expect(relLink(first, 'next')).toBe('/papers/date/2026-02-25');
  });

  it('shows a long day on one page, as Hugging Face does', async () => {
    const day = (await get(`/papers/date/${BUSY_DAY}`)).body;
    expect(cardTitles(day)).toHaveLength(55);
    expect(cardTitles(day)[0]).toBe('Busy day paper 54');
    expect(cardTitles(day).at(-1)).toBe('Busy day paper 0');
    expect(day).not.toContain('class="page-nav');
    expect(linkTo(day, 'Next page')).toBeNull();
  });

  it('shows a week with links to the weeks around it', async () => {
    const html = (await get('/papers/week/2026-W09')).body;
    expect(heading(html)).toBe('Week 9, 2026');
    expect(html).toContain('<p class="count">Feb 23 – Mar 1, 2026 · 3 papers</p>');
    expect(cardTitles(html)).toEqual([
      'Scientific Figure Question Answering',
      'Graph Transformers at Scale',
      'Strings on an Old-Style Identifier',
    ]);
    // Weeks 4 to 8 have no papers: previous skips them.
    expect(relLink(html, 'prev')).toBe('/papers/week/2026-W03');
    expect(relLink(html, 'next')).toBe('/papers/week/2026-W10');
    expect(linkTo(html, 'Previous week')).toBe('/papers/week/2026-W03');
    expect(linkTo(html, 'Next week')).toBe('/papers/week/2026-W10');
    expect(html).toContain('<a href="/papers/week/2026-W09" class="tab active" aria-current="page">Weekly</a>');
  });

  it('shows a month with links to the months around it', async () => {
    const html = (await get('/papers/month/2026-02')).body;
    expect(heading(html)).toBe('February 2026');
    expect(cardTitles(html)).toEqual([
      'Scientific Figure Question Answering',
      'Graph Transformers at Scale',
      'Strings on an Old-Style Identifier',
    ]);
    expect(linkTo(html, 'Previous month')).toBe('/papers/month/2026-01');
    expect(linkTo(html, 'Next month')).toBe('/papers/month/2026-03');
    const january = (await get('/papers/month/2026-01')).body;
    expect(heading(january)).toBe('January 2026');
    expect(january).toContain('55 papers');
    expect(linkTo(january, 'Next page')).toBe('/papers/month/2026-01?p=2');

    const bad = await get('/papers/month/2026-01?p=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bad.body).toContain('parameter p must be a whole number from 1 to 100000');
  });

  it('sends / and /papers/ to /papers', async () => {
    expect((await get('/')).headers.location).toBe('/papers');
    const slash = await get('/papers/');
    expect(slash.statusCode).toBe(301);
    expect(slash.headers.location).toBe('/papers');
  });

  it('answers 404 pages for windows that do not exist', async () => {
    for (const url of ['/papers/date/2025-02-30', '/papers/date/yesterday', '/papers/week/2024-W54', '/papers/month/2024-13']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('href="/papers"');
    }
  });

  it('shows a paper with everything known about it', async () => {
    const res = await get('/papers/2603.00010');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(heading(html)).toBe('Sparse Routing for Long Contexts');
    expect(html).toContain('<p class="authors">Ana Lima, Kenji Sato, Priya Nair, Omar Haddad, Wei Zhang</p>');
    expect(html).toContain(`<p class="abstract-full">${routing.abstract}</p>`);
    expect(html).toContain('<span class="category">cs.CL</span><span class="category">cs.LG</span>');
    expect(html).toContain('<time datetime="2026-02-28T17:00:00.000Z">Feb 28, 2026</time>');
    expect(html).toContain('<time datetime="2026-03-01T09:00:00.000Z">Mar 1, 2026</time>');
    expect(html).toContain('<dd>12 pages, 4 figures</dd>');
    expect(html).toContain('<dd>Proc. ACL 2026</dd>');
    expect(html).toContain('<a href="https://doi.org/10.1000/xyz123">10.1000/xyz123</a>');
    expect(html).toContain('<a href="https://arxiv.org/abs/2603.00010">arXiv</a>');
    expect(html).toContain('<a href="https://arxiv.org/pdf/2603.00010">PDF</a>');
    expect(html).toContain('<a href="https://github.com/example/sparse-routing">https://github.com/example/sparse-routing</a>');
    expect(html).toContain('<a href="https://example.org/routing">https://example.org/routing</a>');
    expect(html).toContain('title="Log in to upvote" aria-label="42 upvotes">42</a>');
    expect(html).toContain('<a href="/papers/date/2026-03-02">Mar 2, 2026</a>');
  });

  it('shows old-style ids and corpus ids stored verbatim', async () => {
    const old = await get('/papers/hep-th/9901001');
    expect(old.statusCode).toBe(200);
    expect(heading(old.body)).toBe('Strings on an Old-Style Identifier');
    expect(old.body).toContain('<a href="https://arxiv.org/abs/hep-th/9901001">arXiv</a>');
    const corpus = await get('/papers/4983');
    expect(corpus.statusCode).toBe(200);
    expect(heading(corpus.body)).toBe('A Corpus Document');
    expect(corpus.body).not.toContain('arxiv.org');
  });

  it('redirects every other form of an id to the one address of the paper', async () => {
    const forms: [string, string][] = [
      ['/papers/2603.00010v2', '/papers/2603.00010'],
      ['/papers/arXiv:2603.00010', '/papers/2603.00010'],
      ['/papers/https://arxiv.org/abs/2603.00010v3', '/papers/2603.00010'],
      ['/papers/https://arxiv.org/pdf/2603.00010', '/papers/2603.00010'],
      ['/papers/hep-th/9901001v1', '/papers/hep-th/9901001'],
      ['/papers/arxiv:hep-th/9901001', '/papers/hep-th/9901001'],
    ];
    for (const [from, to] of forms) {
      const res = await get(from);
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location, from).toBe(to);
    }
  });

  it('answers 404 pages for unknown papers, unreadable ids and unknown paths', async () => {
    const unknown = await get('/papers/2603.99999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(unknown.body).toContain('<code>2603.99999</code> is not in this hub');
    expect(unknown.body).toContain('<a href="/papers">');

    const unreadable = await get('/papers/not-an-id');
    expect(unreadable.statusCode).toBe(404);
    expect(unreadable.body).toContain('Paper id could not be read');
    expect(unreadable.body).toContain(ARXIV_ID_HELP);

    const path = await get('/no/such/page');
    expect(path.statusCode).toBe(404);
    expect(path.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(path.body).toContain('Page not found');
    expect(path.body).toContain('<a href="/papers">');
  });

  it('shows markup in titles, abstracts and author names as text on every page', async () => {
    const escapedTitle = '&lt;script>alert(1)&lt;/script> Injected title';
    for (const url of [
      '/papers',
      '/papers/date/2026-03-02',
      '/papers/week/2026-W10',
      '/papers/month/2026-03',
      '/papers/2603.00666',
    ]) {
      const html = (await get(url)).body;
      expectNoInjectedMarkup(html);
      expect(html, url).toContain(escapedTitle);
      expect(html, url).toContain('&lt;script>alert(2)&lt;/script>');
    }
    const paper = (await get('/papers/2603.00666')).body;
    expect(paper).toContain(
      '<p class="abstract-full">Before &lt;script>alert(&quot;abstract&quot;)&lt;/script> after &lt;img src=x onerror=alert(3)>.</p>',
    );
    expect(paper).toContain(`<title>${escapedTitle} — Daily Papers</title>`);
    // A `javascript:` code link from the data is not offered.
    expect(paper).not.toContain('>Code<');
    // The 404 page quotes the id it could not read, as text.
    const notFound = await get(`/papers/${encodeURIComponent('<script>alert(5)</script>')}`);
    expect(notFound.statusCode).toBe(404);
    expectNoInjectedMarkup(notFound.body);
    expect(notFound.body).toContain('<code>&lt;script>alert(5)&lt;/script></code>');
    // The fixture really holds markup: it is the page that escapes it.
    expect([SCRIPT_TITLE, SCRIPT_ABSTRACT, SCRIPT_AUTHOR].every((text) => text.includes('<script>'))).toBe(true);
    expect(injected.title).toBe(SCRIPT_TITLE);
  });

  it('sends security headers: a CSP that allows only this site, no sniffing, no framing', async () => {
    const res = await get('/papers');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the stylesheet from memory with a long cache when versioned', async () => {
    const html = (await get('/papers')).body;
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    expect(href).toMatch(/^\/static\/style\.css\?v=[0-9a-f]{12}$/);
    const css = await get(href);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.body).toContain('.card');
    const again = await web.app.inject({ url: href, headers: { 'if-none-match': String(css.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await get('/static/nothing.css')).statusCode).toBe(404);
  });
});

describe.each(DIALECTS)('an empty hub on %s', (dialect) => {
  const web = useTestApp(dialect);

  it('says how to import papers', async () => {
    const res = await web.app.inject({ url: '/papers' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No papers yet');
    expect(res.body).toContain('npx dailypapers import FILE');
    expect(res.body).toContain('npx dailypapers ingest arxiv');
  });
});

describe.each(DIALECTS)('a hub with an archive but no feed on %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    const archived = paperRecord({
      id: '2603.00001',
      title: 'Only in the archive',
      categories: ['cs.CL'],
      listedOn: '2026-03-02',
    });
    await savePapers(store, [archived], { feedCategories: [], now: new Date('2026-03-05T08:00:00.000Z') });
    app = await testServer(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('says the papers are in the archive and gives the command that puts them on the feeds', async () => {
    const res = await app.inject({ url: '/papers' });
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('No papers on the feed yet');
    expect(res.body).toContain('The archive holds 1 paper (search finds them), but none is on a daily feed.');
    expect(res.body).toContain('FEED_CATEGORIES=cs.CL,cs.LG npx dailypapers feed apply-rule');
  });
});
