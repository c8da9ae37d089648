/**
 * The web's conventions (issue 10, item 6): gzip and brotli, ETags with 304 and Cache-Control
 * (public, or private for a member), the head's description, canonical link, Open Graph and
 * Twitter card, a paper's citation metadata and JSON-LD, robots.txt and the sitemap (split into
 * an index past its limit), and the page that answers a stale form with what the person typed.
 * On both stores.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/social/accounts.ts';
import { hidePaper } from '../../src/social/moderation.ts';
import { getComment } from '../../src/store/comments.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { buildTestServer } from '../support/web-server.ts';
import { child, children, parseXml } from '../support/xml.ts';
import { Browser } from './community-fixtures.ts';
import {
  BASE_URL,
  corpusDoc,
  NOW,
  routing,
  saveFixtures,
  SCRIPT_ABSTRACT,
  SCRIPT_AUTHOR,
  SCRIPT_TITLE,
  testConfig,
  THREE_DAYS,
} from './fixtures.ts';

const DAY_PAGE = '/papers/date/2026-03-02';
const PASSWORD = 'ana password';

/** The page's `<meta>` contents under a name or property, in document order. */
function metaOf(html: string) {
  const doc = parseDocument(html);
  const metas = DomUtils.getElementsByTagName('meta', doc);
  return {
    doc,
    all: (key: string) => metas.filter((m) => m.attribs.name === key || m.attribs.property === key).map((m) => m.attribs.content),
    one: (key: string) => {
      const found = metas.filter((m) => m.attribs.name === key || m.attribs.property === key);
      expect(found, key).toHaveLength(1);
      return found[0]!.attribs.content ?? '';
    },
    canonical: () =>
      DomUtils.getElementsByTagName('link', doc)
        .filter((l) => l.attribs.rel === 'canonical')
        .map((l) => l.attribs.href),
  };
}

/**
 * What a browser puts in a textarea: htmlparser2 leaves its character references as written
 * (browsers decode them), so they are decoded as a paragraph's text.
 */
function textareaValue(raw: string): string {
  return DomUtils.textContent(parseDocument(`<p>${raw.replaceAll('<', '&lt;')}</p>`));
}

describe.each(DIALECTS)('the web’s conventions, %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, [...THREE_DAYS, corpusDoc]);
    await signUp(store, { email: 'ana@example.org', password: PASSWORD, displayName: 'Ana' }, NOW);
    app = await buildTestServer({ config: testConfig(), store, now: () => NOW });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  describe('compression', () => {
    const cases = [
      ['a cached feed page', DAY_PAGE],
      ['a paper page, rendered per request', '/papers/2603.00010'],
      ['the stylesheet', '/static/style.css'],
      ['the JSON API', '/api/daily_papers?date=2026-03-02'],
      ['the Atom feed', '/papers/feed.atom'],
      ['the OpenAPI document', '/openapi.json'],
    ] as const;
    it.each(cases)('sends %s as brotli and gzip, the same bytes once decoded', async (_what, url) => {
      const plain = await app.inject({ url });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      for (const [encoding, decode] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        // Twice: the second answer of a cached page comes from the stored compressed copy.
        for (let i = 0; i < 2; i++) {
          const res = await app.inject({ url, headers: { 'accept-encoding': `${encoding}, identity;q=0.5` } });
          expect(res.headers['content-encoding']).toBe(encoding);
          expect(res.headers.vary).toContain('accept-encoding');
          expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
          expect(decode(res.rawPayload).equals(plain.rawPayload)).toBe(true);
        }
      }
    });

    it('prefers brotli when both are accepted, and leaves small answers alone', async () => {
      expect(
        (await app.inject({ url: DAY_PAGE, headers: { 'accept-encoding': 'gzip, deflate, br' } })).headers['content-encoding'],
      ).toBe('br');
      const small = await app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br' } });
      expect(small.headers['content-encoding']).toBeUndefined();
    });
  });

  describe('caching', () => {
    it.each([DAY_PAGE, '/papers/2603.00010', '/papers?q=routing', '/api/papers/2603.00010'])(
      '%s has an ETag, is public but checked again on each use, and answers If-None-Match with 304',
      async (url) => {
        const first = await app.inject({ url });
        expect(first.statusCode).toBe(200);
        expect(first.headers['cache-control']).toBe('public, no-cache');
        const etag = String(first.headers.etag);
        expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
        // The same tag for every encoding of the same content.
        expect((await app.inject({ url, headers: { 'accept-encoding': 'br' } })).headers.etag).toBe(etag);
        const again = await app.inject({ url, headers: { 'if-none-match': etag, 'accept-encoding': 'br' } });
        expect(again.statusCode).toBe(304);
        expect(again.rawPayload.length).toBe(0);
        const other = await app.inject({ url, headers: { 'if-none-match': 'W/"something-else"' } });
        expect(other.statusCode).toBe(200);
      },
    );

    it('marks a member’s pages private, so no shared cache hands them to anyone else', async () => {
      const ana = new Browser(app);
      await ana.logIn('ana@example.org', PASSWORD);
      expect(ana.hasSession()).toBe(true);
      for (const url of [DAY_PAGE, '/papers/2603.00010', '/settings']) {
        const res = await ana.get(url);
        expect(res.status, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('private, no-cache');
      }
      // The same page, asked for without the session, is public again.
      expect((await app.inject({ url: '/papers/2603.00010' })).headers['cache-control']).toBe('public, no-cache');
      // A page that sets a cookie (the login form's CSRF secret) is one visitor's too.
      const login = await app.inject({ url: '/login' });
      expect(login.headers['set-cookie']).toBeDefined();
      expect(login.headers['cache-control']).toBe('private, no-cache');
    });

    it('keeps the long lifetimes routes set themselves', async () => {
      const css = await app.inject({ url: '/papers' });
      const href = /href="(\/static\/style\.css\?v=[^"]+)"/.exec(css.body)![1]!;
      expect((await app.inject({ url: href })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await app.inject({ url: '/papers/feed.atom' })).headers['cache-control']).toBe('public, max-age=300');
    });
  });

  describe('the head of every page', () => {
    it('describes a paper with its abstract, its thumbnail and its own address', async () => {
      const page = metaOf((await app.inject({ url: '/papers/2603.00010' })).body);
      const url = `${BASE_URL}/papers/2603.00010`;
      const description = page.one('description');
      expect(description.startsWith('We study sparse routing. Long contexts need careful routing')).toBe(true);
      expect(description.endsWith('…')).toBe(true);
      expect(description.length).toBeLessThanOrEqual(201);
      expect(page.canonical()).toEqual([url]);
      expect(page.one('og:title')).toBe('Sparse Routing for Long Contexts — Daily Papers');
      expect(page.one('og:description')).toBe(description);
      expect(page.one('og:url')).toBe(url);
      expect(page.one('og:type')).toBe('article');
      // A PNG, the size and type said beside it: link previews ignore SVG pictures.
      expect(page.one('og:image')).toMatch(new RegExp(`^${url}/thumbnail\\.png\\?v=[\\w-]{10}$`));
      expect(page.one('og:image:width')).toBe('1200');
      expect(page.one('og:image:height')).toBe('630');
      expect(page.one('og:image:type')).toBe('image/png');
      // Twitter reads title, description and picture from Open Graph: the card type alone is its own.
      expect(page.one('twitter:card')).toBe('summary_large_image');
      expect(page.all('twitter:title')).toEqual([]);
    });

    it.each([
      ['/papers', `${BASE_URL}/papers`, 'Daily Papers — Mar 2, 2026'],
      [DAY_PAGE, `${BASE_URL}${DAY_PAGE}`, 'Daily Papers — Mar 2, 2026'],
      ['/papers/week/2026-W09', `${BASE_URL}/papers/week/2026-W09`, 'Daily Papers — Week 9, 2026'],
      ['/papers/month/2026-02', `${BASE_URL}/papers/month/2026-02`, 'Daily Papers — February 2026'],
      ['/papers/trending', `${BASE_URL}/papers/trending`, 'Daily Papers — Trending'],
      ['/papers?q=routing', `${BASE_URL}/papers?q=routing`, 'routing — Search — Daily Papers'],
      ['/papers/submit', `${BASE_URL}/papers/submit`, 'Submit a paper — Daily Papers'],
      ['/login', `${BASE_URL}/login`, 'Log in — Daily Papers'],
      ['/signup', `${BASE_URL}/signup`, 'Sign up — Daily Papers'],
      ['/subscribe', `${BASE_URL}/subscribe`, 'Get trending papers in your email inbox — Daily Papers'],
      ['/moderation', `${BASE_URL}/moderation`, 'Moderation log — Daily Papers'],
    ])('%s has a description, a canonical link, Open Graph and a Twitter card', async (url, canonical, title) => {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      const page = metaOf(res.body);
      expect(page.one('description').length).toBeGreaterThan(30);
      expect(page.canonical()).toEqual([canonical]);
      expect(page.one('og:title')).toBe(title);
      expect(page.one('og:description')).toBe(page.one('description'));
      expect(page.one('og:url')).toBe(canonical);
      expect(page.one('og:type')).toBe('website');
      expect(page.one('og:image')).toMatch(new RegExp(`^${BASE_URL}/static/icon\\.svg\\?v=[0-9a-f]{12}$`));
      expect(page.one('twitter:card')).toBe('summary');
      expect(page.all('robots')).toEqual([]);
    });

    it('describes a list page in a sentence of its own', async () => {
      expect(metaOf((await app.inject({ url: DAY_PAGE })).body).one('description')).toBe(
        'The papers on the feed on Mar 2, 2026, most upvoted first.',
      );
      expect(metaOf((await app.inject({ url: '/papers' })).body).one('description')).toBe(
        'The papers the research community picks, upvotes and discusses each day, most upvoted first.',
      );
    });

    it('gives an error page no canonical link and keeps it out of search engines', async () => {
      const res = await app.inject({ url: '/no/such/page' });
      expect(res.statusCode).toBe(404);
      const page = metaOf(res.body);
      expect(page.canonical()).toEqual([]);
      expect(page.one('robots')).toBe('noindex');
      expect(page.one('description')).toBe('Page not found.');
    });
  });

  describe('a paper’s citation metadata', () => {
    it('has each citation tag and a ScholarlyArticle, exact, for a paper with several authors and </script> in its title', async () => {
      const res = await app.inject({ url: '/papers/2603.00666' });
      const page = metaOf(res.body);
      const url = `${BASE_URL}/papers/2603.00666`;
      expect(page.one('citation_title')).toBe(SCRIPT_TITLE);
      expect(page.all('citation_author')).toEqual([SCRIPT_AUTHOR, 'Eve Example']);
      expect(page.one('citation_publication_date')).toBe('2026/02/28');
      expect(page.one('citation_arxiv_id')).toBe('2603.00666');
      expect(page.one('citation_pdf_url')).toBe('https://arxiv.org/pdf/2603.00666');
      expect(page.one('citation_abstract_html_url')).toBe(url);

      const scripts = DomUtils.getElementsByTagName('script', page.doc);
      const ld = scripts.filter((s) => s.attribs.type === 'application/ld+json');
      expect(ld).toHaveLength(1);
      // The title's </script> did not end the block: the parser sees one whole JSON text.
      expect(res.body).not.toContain('</script> Injected');
      expect(JSON.parse(DomUtils.textContent(ld[0]!))).toEqual({
        '@context': 'https://schema.org',
        '@type': 'ScholarlyArticle',
        name: SCRIPT_TITLE,
        author: [
          { '@type': 'Person', name: SCRIPT_AUTHOR },
          { '@type': 'Person', name: 'Eve Example' },
        ],
        datePublished: '2026-02-28',
        abstract: SCRIPT_ABSTRACT,
        url,
        identifier: { '@type': 'PropertyValue', propertyID: 'arXiv', value: '2603.00666' },
        sameAs: 'https://arxiv.org/abs/2603.00666',
      });
      // Nothing the strict CSP would have to allow: no inline script that runs.
      expect(scripts.filter((s) => !s.attribs.src && s.attribs.type !== 'application/ld+json')).toEqual([]);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('lists every author in order and gives no arXiv links for a corpus document', async () => {
      expect(metaOf((await app.inject({ url: '/papers/2603.00010' })).body).all('citation_author')).toEqual(routing.authors);
      const corpus = metaOf((await app.inject({ url: '/papers/4983' })).body);
      expect(corpus.one('citation_title')).toBe('A Corpus Document');
      expect(corpus.all('citation_arxiv_id')).toEqual([]);
      expect(corpus.all('citation_pdf_url')).toEqual([]);
    });
  });

  describe('robots.txt and the sitemap', () => {
    it('lets crawlers read the pages but not the API or personal pages, and points at the sitemap', async () => {
      const res = await app.inject({ url: '/robots.txt' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toBe(
        [
          'User-agent: *',
          'Allow: /',
          'Disallow: /api/',
          'Disallow: /login',
          'Disallow: /signup',
          'Disallow: /logout',
          'Disallow: /settings',
          'Disallow: /library',
          'Disallow: /moderation',
          'Disallow: /admin',
          'Disallow: /subscribe/manage',
          'Disallow: /confirm',
          'Disallow: /unsubscribe',
          '',
          `Sitemap: ${BASE_URL}/sitemap.xml`,
          '',
        ].join('\n'),
      );
    });

    const ALL_URLS = [
      `${BASE_URL}/papers`,
      `${BASE_URL}/papers/date/2026-03-02`,
      `${BASE_URL}/papers/date/2026-02-27`,
      `${BASE_URL}/papers/date/2026-02-25`,
      `${BASE_URL}/papers/2602.00020`,
      `${BASE_URL}/papers/2602.00030`,
      `${BASE_URL}/papers/2603.00010`,
      `${BASE_URL}/papers/2603.00011`,
      `${BASE_URL}/papers/2603.00666`,
      `${BASE_URL}/papers/4983`,
      `${BASE_URL}/papers/hep-th/9901001`,
    ];

    it('lists the daily feed, every feed day and every paper page, with when each last changed', async () => {
      const res = await app.inject({ url: '/sitemap.xml' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      const urlset = parseXml(res.body);
      expect(urlset.name).toBe('urlset');
      expect(urlset.attributes.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
      const urls = children(urlset, 'url');
      expect(urls.map((u) => child(u, 'loc')!.text)).toEqual(ALL_URLS);
      for (const url of urls) {
        expect(url.children.map((c) => c.name)).toEqual(['loc', 'lastmod']);
        expect(child(url, 'lastmod')!.text).toBe(NOW.toISOString());
      }
    });

    it('becomes an index of several sitemaps past its limit, which together list every URL once', async () => {
      const small = await buildTestServer({ config: testConfig(), store, sitemapUrlsPerFile: 4 });
      try {
        const index = parseXml((await small.inject({ url: '/sitemap.xml' })).body);
        expect(index.name).toBe('sitemapindex');
        expect(index.attributes.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
        const files = children(index, 'sitemap').map((s) => child(s, 'loc')!.text);
        expect(files).toEqual([1, 2, 3].map((n) => `${BASE_URL}/sitemap-${n}.xml`));
        const listed: string[] = [];
        for (const file of files) {
          const res = await small.inject({ url: file.slice(BASE_URL.length) });
          expect(res.statusCode).toBe(200);
          const urlset = parseXml(res.body);
          expect(urlset.name).toBe('urlset');
          const locs = children(urlset, 'url').map((u) => child(u, 'loc')!.text);
          expect(locs.length).toBeLessThanOrEqual(4);
          listed.push(...locs);
        }
        expect(listed).toEqual(ALL_URLS);
        expect((await small.inject({ url: '/sitemap-4.xml' })).statusCode).toBe(404);
        expect((await small.inject({ url: '/sitemap-0.xml' })).statusCode).toBe(404);
      } finally {
        await small.close();
      }
    });
  });

  describe('the sitemap after moderation', () => {
    it('leaves out a paper a moderator hid, and its day when nothing else is on it', async () => {
      const mod = await signUp(
        store,
        { email: 'mod@example.org', password: 'mod password', displayName: 'Mod', role: 'moderator' },
        NOW,
      );
      await hidePaper(store, mod, '2602.00030', true, 'spam', NOW);
      // A server without the response cache: this write did not go through the web, which would clear it.
      const uncached = await buildTestServer({ config: testConfig(), store, responseCacheSeconds: 0 });
      const urlset = parseXml((await uncached.inject({ url: '/sitemap.xml' })).body);
      await uncached.close();
      const locs = children(urlset, 'url').map((u) => child(u, 'loc')!.text);
      expect(locs).not.toContain(`${BASE_URL}/papers/2602.00030`);
      expect(locs).not.toContain(`${BASE_URL}/papers/date/2026-02-25`);
      expect(locs).toHaveLength(9);
    });
  });

  describe('a stale form', () => {
    it('shows a comment back in plain words with a fresh token, and one more click posts it', async () => {
      const ana = new Browser(app);
      await ana.logIn('ana@example.org', PASSWORD);
      await ana.get('/papers/2603.00011');
      const text = 'A careful comment\nthat took a while to write & <b>check</b>.';
      const stale = await ana.post('/community/comment', { _csrf: 'an-old-token', paperId: '2603.00011', text });
      expect(stale.status).toBe(403);
      expect(stale.body).not.toContain('Invalid csrf token');
      const page = parseDocument(stale.body);
      expect(DomUtils.textContent(DomUtils.getElementsByTagName('h1', page))).toBe('Please send that again');
      const form = DomUtils.getElementsByTagName('form', page).find((f) => f.attribs.action === '/community/comment')!;
      const inputs = DomUtils.getElementsByTagName('input', form);
      const fresh = inputs.find((i) => i.attribs.name === '_csrf')!.attribs.value!;
      expect(fresh).not.toBe('an-old-token');
      expect(inputs.find((i) => i.attribs.name === 'paperId')!.attribs).toMatchObject({ type: 'hidden', value: '2603.00011' });
      const textarea = DomUtils.getElementsByTagName('textarea', form);
      expect(textarea.map((t) => [t.attribs.name, textareaValue(DomUtils.textContent(t))])).toEqual([['text', text]]);

      // Nothing was posted; sending the form as it came back posts the comment once.
      const sent = await ana.post('/community/comment', { _csrf: fresh, paperId: '2603.00011', text });
      expect(sent.status).toBe(303);
      const id = Number(/#comment-(\d+)$/.exec(String(sent.headers.location))![1]);
      expect((await getComment(store, id))!.text).toBe(text);
    });

    it('gives the login form back with the e-mail address but never the password', async () => {
      const visitor = new Browser(app);
      // No visit to /login first: the browser has no CSRF cookie at all.
      const stale = await visitor.post('/login', { _csrf: 'whatever', email: 'ana@example.org', password: PASSWORD });
      expect(stale.status).toBe(403);
      expect(stale.body).not.toContain(PASSWORD);
      expect(stale.body).not.toContain('Missing csrf secret');
      const form = DomUtils.getElementsByTagName('form', parseDocument(stale.body)).find((f) => f.attribs.action === '/login')!;
      const fields = DomUtils.getElementsByTagName('input', form).map((i) => [i.attribs.name, i.attribs.type, i.attribs.value]);
      expect(fields).toEqual([
        ['_csrf', 'hidden', visitor.csrf],
        ['email', 'email', 'ana@example.org'],
        ['password', 'password', undefined],
      ]);
      const again = await visitor.post('/login', { email: 'ana@example.org', password: PASSWORD });
      expect(again.status).toBe(303);
      expect(visitor.hasSession()).toBe(true);
    });
  });
});
