/**
 * Saved filters over HTTP on both stores: the API, its refusals, who may read what (another
 * member and anonymous try every endpoint), the pages and their no-script forms, the feeds,
 * OPML, and the Follow disclosure on list pages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { createCollection } from '../../src/library/library.ts';
import { DIALECTS } from '../support/stores.ts';
import { child, children, parseXml } from '../support/xml.ts';
import { Browser } from '../web/community-fixtures.ts';
import { useTestApp } from '../web/fixtures.ts';
import { NOW, seedFilterPapers, speech, translation, vision } from './fixtures.ts';

const SPEECHLESS = { name: 'CL without speech', categories: ['cs.CL', '-cs.SD'] };

describe.each(DIALECTS)('saved filters over HTTP on %s', (dialect) => {
  const hub = useTestApp(dialect, seedFilterPapers);
  let ana = '';
  let bob = '';
  let anaBrowser: Browser;

  beforeAll(async () => {
    const a = await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    const b = await signUp(hub.store, { email: 'bob@example.org', password: 'bob password', displayName: 'Bob' }, NOW);
    ana = (await createApiToken(hub.store, a.id, 'test', NOW)).token;
    bob = (await createApiToken(hub.store, b.id, 'test', NOW)).token;
    await createCollection(hub.store, a, { name: 'Reading <group> & "friends"', public: true }, NOW);
    anaBrowser = new Browser(hub.app);
    await anaBrowser.logIn('ana@example.org', 'ana password');
  });

  const call = async (token: string | null, method: string, url: string, payload?: unknown) => {
    const res = await hub.app.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.statusCode, body: res.body, json: () => res.json(), headers: res.headers };
  };

  it('creates, reads, changes, lists and deletes a filter through the API', async () => {
    const created = await call(ana, 'POST', '/api/me/filters', { ...SPEECHLESS, email: 'daily' });
    expect(created.status).toBe(201);
    const filter = created.json();
    expect(filter).toMatchObject({
      name: 'CL without speech',
      query: '',
      categories: ['cs.CL', '-cs.SD'],
      hasCode: null,
      minUpvotes: 0,
      scope: 'feed',
      public: false,
      email: 'daily',
      description: 'Papers on the daily feed, in cs.CL, not in cs.SD.',
      url: `http://papers.test/filters/${filter.id}`,
      webhooks: `http://papers.test/settings/webhooks?filter=${filter.id}`,
    });
    expect(filter.feeds.atom).toMatch(
      new RegExp(`^http://papers.test/filters/${filter.id}/feed.atom\\?token=[A-Za-z0-9_-]{32}$`),
    );
    expect(created.headers['cache-control']).toBe('no-store');

    const papers = await call(ana, 'GET', `/api/me/filters/${filter.id}/papers`);
    expect(papers.json().map((item: { paper: { id: string } }) => item.paper.id)).toEqual([translation.id]);
    expect(papers.json()[0]).toMatchObject({ title: translation.title, paper: { upvotes: 1 } });
    expect(papers.headers['x-total-count']).toBe('1');

    const changed = await call(ana, 'PATCH', `/api/me/filters/${filter.id}`, { categories: ['cs'], minUpvotes: 5, email: null });
    expect(changed.json()).toMatchObject({ categories: ['cs'], minUpvotes: 5, email: null, name: 'CL without speech' });
    expect(
      (await call(ana, 'GET', `/api/me/filters/${filter.id}/papers?limit=1&p=1`))
        .json()
        .map((i: { paper: { id: string } }) => i.paper.id),
    ).toEqual([speech.id]);

    const rotated = (await call(ana, 'POST', `/api/me/filters/${filter.id}/feed-token`)).json();
    expect(rotated.feeds.atom).not.toBe(filter.feeds.atom);
    expect((await call(null, 'GET', filter.feeds.atom.replace('http://papers.test', ''))).status).toBe(404);
    expect((await call(null, 'GET', rotated.feeds.atom.replace('http://papers.test', ''))).status).toBe(200);

    expect((await call(ana, 'GET', '/api/me/filters')).json().map((f: { id: number }) => f.id)).toEqual([filter.id]);
    expect((await call(ana, 'GET', `/api/me/filters/${filter.id}`)).json().minUpvotes).toBe(5);
    expect((await call(ana, 'DELETE', `/api/me/filters/${filter.id}`)).status).toBe(204);
    expect((await call(ana, 'GET', `/api/me/filters/${filter.id}`)).status).toBe(404);
  });

  it.each([
    [
      { name: 'Bad category', categories: ['cs.CL', 'not a category'] },
      '“not a category” is not an arXiv category: write cs.CL, a whole archive such as cs, or -cs.SD to leave one out',
    ],
    [
      { name: 'Bad exclusion', query: 'speech - music' },
      '“-” excludes nothing: write -word or -"a phrase" with no space after the dash',
    ],
    [{ name: 'Bad upvotes', minUpvotes: 'ten' }, 'minUpvotes must be a whole number from 0 to 100000'],
    [{ name: 'n'.repeat(101) }, "a filter's name has at most 100 characters"],
    [{ query: 'speech' }, 'a filter needs a name'],
    [{ name: 'Bad scope', scope: 'everywhere' }, 'scope must be feed (papers on the daily feed) or archive (every paper)'],
  ])('refuses %j with 400 and keeps nothing', async (body, error) => {
    const before = (await call(ana, 'GET', '/api/me/filters')).json().length;
    const answer = await call(ana, 'POST', '/api/me/filters', body);
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 400, body: { error } });
    expect((await call(ana, 'GET', '/api/me/filters')).json()).toHaveLength(before);
  });

  it('keeps a filter as it was when a change is refused', async () => {
    const filter = (await call(ana, 'POST', '/api/me/filters', { name: 'Kept', query: 'transformers' })).json();
    const refused = await call(ana, 'PATCH', `/api/me/filters/${filter.id}`, { query: 'vision', categories: ['cs.XX.YY'] });
    expect(refused.status).toBe(400);
    expect((await call(ana, 'GET', `/api/me/filters/${filter.id}`)).json()).toMatchObject({
      query: 'transformers',
      categories: [],
    });
    await call(ana, 'DELETE', `/api/me/filters/${filter.id}`);
  });

  it('shows a member’s filter to no one else: every endpoint as another member (404) and anonymous (401 or 404)', async () => {
    const filter = (await call(ana, 'POST', '/api/me/filters', { name: 'Private', query: 'transformers' })).json();
    const api = [
      ['GET', `/api/me/filters/${filter.id}`],
      ['PATCH', `/api/me/filters/${filter.id}`],
      ['DELETE', `/api/me/filters/${filter.id}`],
      ['GET', `/api/me/filters/${filter.id}/papers`],
      ['POST', `/api/me/filters/${filter.id}/feed-token`],
    ] as const;
    for (const [method, url] of api) {
      const other = await call(bob, method, url, method === 'PATCH' ? { name: 'Mine' } : undefined);
      expect({ url, method, status: other.status, body: other.json() }).toEqual({
        url,
        method,
        status: 404,
        body: { error: `No filter ${filter.id}` },
      });
      expect((await call(null, method, url, method === 'PATCH' ? { name: 'Mine' } : undefined)).status).toBe(401);
    }
    expect((await call(bob, 'GET', '/api/me/filters')).json()).toEqual([]);
    expect((await call(null, 'GET', '/api/me/filters')).status).toBe(401);
    expect((await call(null, 'GET', '/api/me/feeds.opml')).status).toBe(401);
    expect((await call(bob, 'GET', '/api/me/feeds.opml')).body).not.toContain(filter.feeds.atom);
    // Pages and feeds: not found without the owner's session or the token.
    for (const url of [`/filters/${filter.id}`, `/filters/${filter.id}/feed.atom`, `/filters/${filter.id}/feed.json`]) {
      expect((await call(null, 'GET', url)).status).toBe(404);
      expect((await call(bob, 'GET', url)).status).toBe(404);
      expect((await call(null, 'GET', `${url}?token=${'x'.repeat(32)}`)).status).toBe(404);
    }
    // The page's forms, from another member's session: not found, and nothing changed.
    const bobBrowser = new Browser(hub.app);
    await bobBrowser.logIn('bob@example.org', 'bob password');
    await bobBrowser.get('/filters');
    for (const action of ['', '/feed-token', '/delete'])
      expect((await bobBrowser.post(`/filters/${filter.id}${action}`, { name: 'Mine', scope: 'feed' })).status).toBe(404);
    expect((await call(ana, 'GET', `/api/me/filters/${filter.id}`)).json()).toMatchObject({
      name: 'Private',
      feeds: filter.feeds,
    });
    await call(ana, 'DELETE', `/api/me/filters/${filter.id}`);
  });

  it('serves a filter as Atom and JSON Feed 1.1, private ones kept from shared caches', async () => {
    const filter = (await call(ana, 'POST', '/api/me/filters', { name: 'Transformers', query: 'transformers -speech' })).json();
    const atom = await call(null, 'GET', filter.feeds.atom.replace('http://papers.test', ''));
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(atom.headers['cache-control']).toBe('private, max-age=300');
    expect(atom.headers.etag).toBeTruthy();
    const entries = children(parseXml(atom.body), 'entry').map((e) => child(e, 'id')!.text);
    expect(entries).toEqual([`http://papers.test/papers/${vision.id}`, `http://papers.test/papers/${translation.id}`]);

    const json = await call(null, 'GET', filter.feeds.json.replace('http://papers.test', ''));
    expect(json.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = json.json();
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Transformers — Daily Papers filter',
      home_page_url: `http://papers.test/filters/${filter.id}`,
      feed_url: filter.feeds.json,
    });
    expect(feed.items[0]).toEqual({
      id: `http://papers.test/papers/${vision.id}`,
      url: `http://papers.test/papers/${vision.id}`,
      external_url: `https://arxiv.org/abs/${vision.id}`,
      title: vision.title,
      content_text: vision.abstract,
      date_published: expect.stringMatching(/^2026-03-05T/),
      authors: [{ name: 'Someone Else' }],
      tags: ['cs.CV'],
    });

    // Made public, the page and feeds answer anyone without a token, and may be cached publicly.
    await call(ana, 'PATCH', `/api/me/filters/${filter.id}`, { public: true });
    const open = await call(null, 'GET', `/filters/${filter.id}/feed.json`);
    expect(open.headers['cache-control']).toBe('public, max-age=300');
    const page = await call(null, 'GET', `/filters/${filter.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(vision.title);
    expect(page.body).not.toContain(filter.feeds.atom.split('token=')[1]);
    expect(page.body).not.toContain('Delete this filter');
    await call(ana, 'DELETE', `/api/me/filters/${filter.id}`);
  });

  it('serves the daily list and any search as JSON Feed beside Atom', async () => {
    const daily = (await call(null, 'GET', '/papers/feed.json')).json();
    expect(daily).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: 'http://papers.test/papers/feed.json' });
    expect(daily.items.map((i: { id: string }) => i.id)).toContain(`http://papers.test/papers/${vision.id}`);
    const search = await call(null, 'GET', '/papers/search.json?q=transformers&category=cs.CL');
    expect(search.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    expect(search.json().items.map((i: { id: string }) => i.id.split('/').at(-1))).toEqual([translation.id, speech.id]);
    expect(search.json().feed_url).toBe('http://papers.test/papers/search.json?q=transformers&category=cs.CL&sort=date');
    expect((await call(null, 'GET', '/papers/search.json?q=transformers&hasCode=maybe')).status).toBe(400);
  });

  it('makes, refuses with what was typed, changes and deletes filters through the pages', async () => {
    const list = await anaBrowser.get('/filters');
    expect(list.status).toBe(200);
    expect(list.body).toContain('href="/api/me/feeds.opml"');
    const refused = await anaBrowser.post('/filters', {
      name: 'Typed by hand',
      query: 'transformers',
      categories: 'cs.CL',
      minUpvotes: 'ten',
      scope: 'feed',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('minUpvotes must be a whole number from 0 to 100000');
    expect(refused.body).toContain('value="Typed by hand"');
    expect(refused.body).toContain('value="ten"');

    const made = await anaBrowser.post('/filters', {
      name: 'Nothing yet',
      query: 'quantum chromodynamics',
      categories: '',
      minUpvotes: '0',
      scope: 'feed',
      email: 'weekly',
    });
    expect(made.status).toBe(303);
    const path = String(made.headers.location);
    const page = await anaBrowser.get(path);
    expect(page.body).toContain('Nothing matched yet: no paper on the daily feed fits this filter.');
    expect(page.body).toContain('mailed to you weekly');
    expect(page.body).toContain('<details class="follow">');
    expect(page.body).toMatch(/href="\/settings\/webhooks\?filter=\d+"/);

    const edited = await anaBrowser.post(path, { name: 'Vision', query: 'vision', minUpvotes: '0', scope: 'feed', email: '' });
    expect(edited.status).toBe(303);
    const after = await anaBrowser.get(path);
    expect(after.body).toContain(vision.title);
    expect(after.body).not.toContain('mailed to you');
    const badEdit = await anaBrowser.post(path, { name: 'Vision', query: 'vision', categories: '-', scope: 'feed' });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body).toContain('is not an arXiv category');

    expect((await anaBrowser.post(`${path}/delete`, {})).status).toBe(303);
    expect((await anaBrowser.get(path)).status).toBe(404);
  });

  it('saves a search as a filter from its Follow menu and e-mails it', async () => {
    const search = await anaBrowser.get('/papers?q=transformers&category=cs.CL');
    expect(search.body).toContain('<details class="follow">');
    expect(search.body).toContain('href="http://papers.test/papers/search.json?q=transformers&amp;category=cs.CL"');
    const saved = await anaBrowser.post('/filters', {
      name: 'Search: transformers',
      query: 'transformers',
      categories: 'cs.CL',
      scope: 'archive',
      email: 'daily',
    });
    const filter = (await call(ana, 'GET', `/api/me/filters/${String(saved.headers.location).split('/').at(-1)}`)).json();
    expect(filter).toMatchObject({ query: 'transformers', categories: ['cs.CL'], scope: 'archive', email: 'daily' });
    await call(ana, 'DELETE', `/api/me/filters/${filter.id}`);

    const collection = await call(null, 'GET', `/collections/${(await call(ana, 'GET', '/api/me/collections')).json()[0].id}`);
    expect(collection.body).toMatch(/href="http:\/\/papers.test\/collections\/\d+\/feed.json"/);
    const collectionFeed = /href="http:\/\/papers.test(\/collections\/\d+\/feed.json)"/.exec(collection.body)![1]!;
    expect((await call(null, 'GET', collectionFeed)).json()).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      items: [],
    });
    const daily = await call(null, 'GET', '/papers');
    expect(daily.body).toContain('<details class="follow">');
    expect(daily.body).toContain('href="http://papers.test/papers/feed.json"');
    expect(daily.body).toContain('Log in</a> to save this as a filter');
  });

  it('lists every feed of a member as OPML, names escaped', async () => {
    const filter = (await call(ana, 'POST', '/api/me/filters', { name: 'Q&A <"best">', query: 'transformers' })).json();
    const opml = await call(ana, 'GET', '/api/me/feeds.opml');
    expect(opml.headers['content-type']).toBe('text/x-opml; charset=utf-8');
    const outlines = children(child(parseXml(opml.body), 'body')!, 'outline').map((o) => o.attributes);
    expect(outlines).toContainEqual({
      type: 'rss',
      text: 'Q&A <"best">',
      title: 'Q&A <"best">',
      xmlUrl: filter.feeds.atom,
      htmlUrl: filter.url,
    });
    expect(outlines.map((o) => o.title)).toContain('Reading <group> & "friends"');
    expect(outlines.find((o) => o.title!.startsWith('Reading'))!.xmlUrl).toMatch(
      /^http:\/\/papers.test\/collections\/\d+\/feed.atom$/,
    );
    await call(ana, 'DELETE', `/api/me/filters/${filter.id}`);
  });
});
