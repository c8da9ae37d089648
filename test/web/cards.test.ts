/**
 * The cards of every list: the upvote that works from the list (a form that comes back to the
 * card; logged out, the list's login form, which comes back too), the comment count, the submitter, the feed day,
 * author searches, all categories with the filter's marked, the thumbnail.
 */
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEntry, FeedSource } from '../../src/core/paper.ts';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { Submitter } from '../../src/web/views/submitter.tsx';
import { signUp } from '../../src/social/accounts.ts';
import { postComment } from '../../src/social/comments.ts';
import type { TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { Browser, communityServer, mailedLink, startArxiv } from './community-fixtures.ts';
import { corpusDoc, NOW, oldStyle, saveFixtures, THREE_DAYS, useTestApp } from './fixtures.ts';

const EMAIL = 'reader@example.org';
const PASSWORD = 'reader password';

/** The markup of one paper's card on a page. */
function cardOf(html: string, id: string): string {
  const start = html.indexOf(`<article class="card" id="paper-${id}">`);
  if (start < 0) throw new Error(`no card for ${id}`);
  return html.slice(start, html.indexOf('</article>', start));
}

/** The named fields of the first form in `html` (hidden inputs), as a browser would send them. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g))
    fields[match[1]!] = match[2]!.replace(/&amp;/g, '&');
  return fields;
}

describe.each(DIALECTS)('cards on %s', (dialect) => {
  const web = useTestApp(dialect, async (store) => {
    await saveFixtures(store, [...THREE_DAYS, corpusDoc]);
    const commenter = await signUp(store, { email: 'c@example.org', password: 'commenter password', displayName: 'C' }, NOW);
    // Commented now, so the paper is on the trending list (papers engaged with in the last 7 days).
    await postComment(store, commenter, '2603.00010', { text: 'Nice.' }, DEFAULT_TRENDING, new Date());
    await signUp(store, { email: EMAIL, password: PASSWORD, displayName: 'Reader' }, NOW);
  });
  const get = (url: string) => web.app.inject({ method: 'GET', url });

  it('shows each card’s community parts with their exact addresses, logged out', async () => {
    const html = (await get('/papers')).body;
    const card = cardOf(html, '2603.00010');
    expect(card).toContain(
      // The count is the button's text and, with its unit, its name; dozens of cards carry no tooltip.
      // It submits the list's one login form (the list's address) with its paper.
      '<button form="vote" name="card" value="2603.00010" aria-label="42 upvotes">42</button>',
    );
    expect(
      html.match(/<form id="vote" action="\/login"><input type="hidden" name="next" value="\/papers"\/><\/form>/g),
    ).toHaveLength(1);
    expect(card).toContain('<a href="/papers/2603.00010#comments">1 comment</a>');
    // A Hugging Face user's pick links to their profile there; the hub has no member pages.
    expect(card).toContain(
      '<span>Submitted by <a href="https://huggingface.co/akhaliq" rel="nofollow noopener">akhaliq</a></span>',
    );
    expect(card).toMatch(/<img src="\/papers\/2603\.00010\/thumbnail\.svg\?v=[\w-]{10}" alt loading="lazy"\/>/);
    expect(card).toContain('<a href="/papers?by=Ana+Lima">Ana Lima</a>');
    // A day's own list does not repeat its day on each card.
    expect(card).not.toContain('class="feed-day"');
    // No person placed this one: the card names the source, as the API's submittedBy does.
    expect(cardOf(html, '2603.00011')).toContain('<span>Submitted by Hugging Face</span>');
    expect(cardOf(html, '2603.00011')).toContain('<a href="/papers/2603.00011#comments">0 comments</a>');
    // The thumbnail each card shows is the one the API reports.
    const api = (await get('/api/daily_papers?date=2026-03-02')).json() as { paper: { id: string }; thumbnail: string }[];
    const src = /<img src="([^"]+)"/.exec(card)![1]!;
    expect(api.find((item) => item.paper.id === '2603.00010')!.thumbnail).toBe(`http://papers.test${src}`);
    expect((await get(src)).statusCode).toBe(200);
    // The paper's own page names the submitter too, and sends a reader to log in and back to the paper.
    const paperPage = (await get('/papers/2603.00010')).body;
    expect(paperPage).toContain(
      '<dt>Submitted by</dt><dd><a href="https://huggingface.co/akhaliq" rel="nofollow noopener">akhaliq</a></dd>',
    );
    expect((await get('/papers/2603.00011')).body).toContain('<dt>Submitted by</dt><dd>Hugging Face</dd>');
    expect(paperPage).toContain(
      '<a class="upvotes" href="/login?next=%2Fpapers%2F2603.00010" title="Log in to upvote" aria-label="42 upvotes">42</a>',
    );
  });

  it('shows no “0” box for papers nobody upvoted, but keeps the button', async () => {
    const card = cardOf((await get('/papers/date/2026-02-27')).body, oldStyle.id);
    expect(card).toContain(
      '<button form="vote" name="card" value="hep-th/9901001" class="zero" aria-label="0 upvotes">0</button>',
    );
    expect(card).toContain('<span>Submitted by arXiv</span>');
  });

  it('says on week, month, trending and search lists which day each paper was on the feed', async () => {
    const day = '<a href="/papers/date/2026-03-02" class="feed-day"><time datetime="2026-03-02">Mar 2, 2026</time></a>';
    for (const url of ['/papers/week/2026-W10', '/papers/month/2026-03', '/papers/trending', '/papers?q=routing']) {
      expect(cardOf((await get(url)).body, '2603.00010'), url).toContain(day);
    }
    // A search result on no feed says when it was published instead.
    const corpus = cardOf((await get('/papers?q=corpus')).body, '4983');
    expect(corpus).toMatch(/<span class="published">Published <time datetime="[^"]+">/);
    expect(corpus).not.toContain('Submitted by');
  });

  it('links authors to their author search, escaped in the address, and the search finds their papers', async () => {
    const card = cardOf((await get('/papers')).body, '2603.00666');
    const href = '/papers?by=%3Cscript%3Ealert(2)%3C%2Fscript%3E';
    expect(card).toContain(`<a href="${href}">&lt;script>alert(2)&lt;/script></a>`);
    // The short address is the author's search: its box, results and canonical link are the query's.
    const results = (await get('/papers?by=Ana+Lima')).body;
    expect(results).toContain('<article class="card" id="paper-2603.00010">');
    expect(results.match(/<article class="card"/g)).toHaveLength(1);
    expect(results).toContain('value="author:&quot;Ana Lima&quot;"');
    expect(results).toContain('<link rel="canonical" href="http://papers.test/papers?q=author%3A%22Ana+Lima%22"/>');
    expect((await get('/papers?q=author%3A%22Ana%20Lima%22')).body.match(/<article class="card"/g)).toHaveLength(1);
  });

  it('shows all categories and marks those the search’s category filter matched', async () => {
    const card = cardOf((await get('/papers?q=routing&category=cs.LG')).body, '2603.00010');
    expect(card).toContain(
      '<span class="categories"><span class="category">cs.CL</span>' +
        '<mark class="category matched" title="Matches the category filter">cs.LG</mark></span>',
    );
    // An archive matches all its categories.
    const archive = cardOf((await get('/papers?q=routing&category=cs')).body, '2603.00010');
    expect(archive.match(/<mark class="category matched"/g)).toHaveLength(2);
  });

  it('lets a member upvote from a list with a form post that comes back to the card', async () => {
    const member = new Browser(web.app);
    expect((await member.logIn(EMAIL, PASSWORD)).status).toBe(303);
    const list = await member.get('/papers/week/2026-W10');
    expect(list.headers['cache-control']).toBe('private, no-cache');
    const card = cardOf(list.body, '2603.00011');
    expect(card).toContain('<form class="upvote-form" method="post" action="/community/upvote" data-paper-id="2603.00011">');
    expect(card).toContain('aria-pressed="false"');
    const fields = formFields(card);
    expect(fields).toMatchObject({ paperId: '2603.00011', upvote: 'on', next: '/papers/week/2026-W10#paper-2603.00011' });
    expect(fields._csrf).toBeTruthy();
    // The page loads the script that votes in place, once.
    expect(list.body.match(/<script type="module" src="\/static\/upvote\.js\?v=\w+"><\/script>/g)).toHaveLength(1);

    const voted = await member.post('/community/upvote', fields);
    expect(voted.status).toBe(303);
    expect(voted.headers.location).toBe('/papers/week/2026-W10#paper-2603.00011');
    const after = cardOf((await member.get('/papers/week/2026-W10')).body, '2603.00011');
    expect(after).toContain('aria-label="8 upvotes">8</button>');
    expect(after).toContain('aria-pressed="true"');
    expect(formFields(after).upvote).toBe('off');
    // Everyone else sees the new count too (the shared rendering was dropped).
    expect(cardOf((await get('/papers/week/2026-W10')).body, '2603.00011')).toContain('aria-label="8 upvotes">8</button>');

    // Taking it back comes back to the card as well.
    const back = await member.post('/community/upvote', formFields(after));
    expect(back.headers.location).toBe('/papers/week/2026-W10#paper-2603.00011');
    expect(cardOf((await member.get('/papers/week/2026-W10')).body, '2603.00011')).toContain('aria-label="7 upvotes">7</button>');
  });

  it('comes back only to paths on this site', async () => {
    const member = new Browser(web.app);
    await member.logIn(EMAIL, PASSWORD);
    await member.get('/papers');
    for (const next of [
      '//evil.example/papers',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/papers\n',
    ]) {
      const res = await member.post('/community/upvote', { paperId: '2603.00666', upvote: 'on', next });
      expect(res.status, next).toBe(303);
      expect(res.headers.location, next).toBe('/papers/2603.00666');
    }
  });

  it('sends a reader who is not logged in to log in, and back to the card afterwards', async () => {
    const reader = new Browser(web.app);
    const card = cardOf((await reader.get('/papers/month/2026-03')).body, '2603.00011');
    expect(card).toContain('<button form="vote" name="card" value="2603.00011" aria-label="7 upvotes">7</button>');
    // What the browser asks for when the button submits the list's login form.
    const loginHref = '/login?next=%2Fpapers%2Fmonth%2F2026-03&card=2603.00011';
    const login = await reader.get(loginHref);
    expect(login.status).toBe(200);
    expect(login.body).toContain('<input type="hidden" name="next" value="/papers/month/2026-03#paper-2603.00011"/>');
    const loggedIn = await reader.post('/login', {
      email: EMAIL,
      password: PASSWORD,
      next: '/papers/month/2026-03#paper-2603.00011',
    });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.headers.location).toBe('/papers/month/2026-03#paper-2603.00011');
    // Logged in already, the login link goes straight back.
    expect((await reader.get(loginHref)).headers.location).toBe('/papers/month/2026-03#paper-2603.00011');
  });

  it('logs in to the hub’s front page when the return address is not on this site', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const reader = new Browser(web.app);
      const login = await reader.get(`/login?next=${encodeURIComponent(next)}`);
      expect(login.body, next).not.toContain('name="next"');
      const res = await reader.post('/login', { email: EMAIL, password: PASSWORD, next });
      expect(res.headers.location, next).toBe('/papers');
    }
  });

  it('sends a member whose session lapsed to log in, then back to the card', async () => {
    const member = new Browser(web.app);
    await member.logIn(EMAIL, PASSWORD);
    const fields = formFields(cardOf((await member.get('/papers/trending')).body, '2603.00010'));
    await member.post('/logout', {});
    const res = await member.post('/community/upvote', fields);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fpapers%2Ftrending%23paper-2603.00010');
  });
});

describe.each(DIALECTS)('logging in by e-mailed link from a card on %s', (dialect) => {
  const db = useTestStore(dialect, async (store) => {
    await saveFixtures(store, THREE_DAYS);
    await signUp(store, { email: EMAIL, password: PASSWORD, displayName: 'Reader' }, NOW);
  });
  let arxiv: TestServer;
  let app: FastifyInstance;
  let outbox: () => string[];
  beforeAll(async () => {
    arxiv = await startArxiv();
    ({ app, outbox } = await communityServer(db.store, arxiv.url));
  });
  afterAll(async () => {
    await app?.close();
    await arxiv?.close();
  });

  it('carries the card’s address through the mail and back', async () => {
    const reader = new Browser(app);
    const login = await reader.get('/login?next=%2Fpapers%2Fweek%2F2026-W10%23paper-2603.00011');
    expect(
      login.body.match(/<input type="hidden" name="next" value="\/papers\/week\/2026-W10#paper-2603.00011"\/>/g),
    ).toHaveLength(2);
    await reader.post('/login/link', { email: EMAIL, next: '/papers/week/2026-W10#paper-2603.00011' });
    const token = await mailedLink(outbox, EMAIL);
    const mail = outbox()
      .at(-1)!
      .replace(/=\r?\n/g, '')
      .replace(/=3D/g, '=');
    expect(mail).toContain(`/login/link?token=${encodeURIComponent(token)}&next=%2Fpapers%2Fweek%2F2026-W10%23paper-2603.00011`);
    const page = await reader.get(
      `/login/link?token=${encodeURIComponent(token)}&next=%2Fpapers%2Fweek%2F2026-W10%23paper-2603.00011`,
    );
    expect(page.body).toContain('<input type="hidden" name="next" value="/papers/week/2026-W10#paper-2603.00011"/>');
    const used = await reader.post('/login/link/use', { token, next: '/papers/week/2026-W10#paper-2603.00011' });
    expect(used.status).toBe(303);
    expect(used.headers.location).toBe('/papers/week/2026-W10#paper-2603.00011');
  });
});

describe('the submitter', () => {
  const entry = (source: FeedSource, submittedBy: string | null): FeedEntry => ({
    day: '2026-03-02',
    source,
    rank: 1,
    submittedBy,
    createdAt: '2026-03-02T08:00:00.000Z',
  });

  it('links a Hugging Face user to their profile, escaped, and names members and automatic accounts plainly', () => {
    expect(render(h(Submitter, { entry: entry('hf', 'odd/name?x') }))).toBe(
      '<a href="https://huggingface.co/odd%2Fname%3Fx" rel="nofollow noopener">odd/name?x</a>',
    );
    expect(render(h(Submitter, { entry: entry('submitted', 'reader') }))).toBe('reader');
    expect(render(h(Submitter, { entry: entry('curated', 'mod') }))).toBe('mod');
    expect(render(h(Submitter, { entry: entry('rule', null) }))).toBe('arXiv');
  });
});
