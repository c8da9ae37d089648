/** The library's pages and forms, as a member's browser uses them, on both stores. */
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { Browser } from '../web/community-fixtures.ts';
import { figures, NOW, rewards, routing, saveFixtures, useTestApp } from '../web/fixtures.ts';

/** A multipart/form-data body as a browser sends a file form. */
function multipartForm(fields: Record<string, string>, file: { name: string; filename: string; content: Buffer }) {
  const boundary = '----dailypapers-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/x-bibtex\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('the library pages on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards, figures]));
  let ana: Browser;

  beforeAll(async () => {
    await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    ana = new Browser(hub.app);
    await ana.logIn('ana@example.org', 'ana password');
  });

  it('offers Save (a login link when logged out) and a Cite menu with the three formats on the paper page', async () => {
    const anonymous = await new Browser(hub.app).get('/papers/2603.00010');
    expect(anonymous.body).toContain('<a class="save-button" href="/login?next=%2Fpapers%2F2603.00010">Save</a>');
    expect(anonymous.body).toContain('<details class="cite"><summary>Cite</summary>');
    expect(anonymous.body).toContain('archivePrefix = {arXiv}');
    expect(anonymous.body).toContain('TY  - GEN');
    expect(anonymous.body).toContain('href="/api/papers/2603.00010/cite?format=csl-json" download');

    const page = await ana.get('/papers/2603.00010');
    expect(page.body).toContain('action="/library/save"');
    const saved = await ana.post('/library/save', { paperId: '2603.00010', next: '/papers/2603.00010' });
    expect([saved.status, saved.headers.location]).toEqual([303, '/papers/2603.00010']);
    expect((await ana.get('/papers/2603.00010')).body).toContain('Saved ✓');
  });

  it('lists saved papers on /library, keeps a note, a read mark and collections from its forms', async () => {
    const library = await ana.get('/library');
    expect(library.status).toBe(200);
    expect(library.headers['cache-control']).toBe('private, no-store');
    expect(library.body).toContain('Sparse Routing for Long Contexts');
    const created = await ana.post('/library/collections', { name: 'To read', public: 'true' });
    expect(created.status).toBe(303);
    const collectionId = Number(/collection=(\d+)/.exec(String(created.headers.location))![1]);
    await ana.get('/library');
    const changed = await ana.post('/library/entry', {
      paperId: '2603.00010',
      note: 'Compare with MoE <b>routing</b>',
      read: 'true',
      collection: String(collectionId),
      next: '/library?read=true',
    });
    expect([changed.status, changed.headers.location]).toEqual([303, '/library?read=true']);
    const read = await ana.get('/library?read=true');
    expect(read.body).toContain('Compare with MoE &lt;b>routing&lt;/b>');
    expect((await ana.get('/library?read=false')).body).not.toContain('Sparse Routing');

    const page = await new Browser(hub.app).get(`/collections/${collectionId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>To read</h1>');
    expect(page.body).not.toContain('Compare with MoE');
    const feed = await new Browser(hub.app).get(`/collections/${collectionId}/feed.atom`);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toContain('<title type="html"><![CDATA[Sparse Routing for Long Contexts]]></title>');

    await ana.get('/library');
    await ana.post(`/library/collections/${collectionId}`, { public: 'false' });
    expect((await new Browser(hub.app).get(`/collections/${collectionId}`)).status).toBe(404);
    expect((await new Browser(hub.app).get(`/collections/${collectionId}/feed.atom`)).status).toBe(404);
    expect((await ana.get(`/collections/${collectionId}`)).status).toBe(200);
  });

  it('imports a file from the form and lists what it could not match', async () => {
    await ana.get('/library');
    const { body, type } = multipartForm(
      { _csrf: ana.csrf },
      {
        name: 'file',
        filename: 'mine.bib',
        content: Buffer.from('@misc{a, eprint = {2603.00011}}\n@misc{b, title = {Nowhere To Be Found}}\n@misc{c, title = {x'),
      },
    );
    const res = await ana.request('POST', '/library/import', body as unknown as string, { 'content-type': type });
    expect(res.status).toBe(200);
    expect(res.body).toContain('2 entries read (BibTeX)');
    expect(res.body).toContain('1 matched, 1 newly saved, 0 already in your library, 1 not found on this hub, 1 unreadable.');
    expect(res.body).toContain('Line 2: “Nowhere To Be Found”: no arXiv id, and no paper on this hub has this title.');
    expect(res.body).toContain('Line 3: could not be read: @misc entry, field title: a &quot;{&quot; is never closed.');
    expect(res.body).toContain('Reward Models That Explain Themselves');
  });

  it('puts Save on every card of a list for members (none for anyone else), coming back to the card', async () => {
    expect((await new Browser(hub.app).get('/papers/date/2026-03-02')).body).not.toContain('action="/library/save"');
    const list = await ana.get('/papers/date/2026-03-02');
    expect(list.body).toContain('<input type="hidden" name="next" value="/papers/date/2026-03-02#paper-2603.00011"/>');
    const saved = await ana.post('/library/save', { paperId: '2603.00011', next: '/papers/date/2026-03-02#paper-2603.00011' });
    expect(saved.headers.location).toBe('/papers/date/2026-03-02#paper-2603.00011');
    const card = (await ana.get('/papers/date/2026-03-02')).body.split('id="paper-2603.00011"')[1]!.split('</article>')[0];
    expect(card).toContain('action="/library/remove"');
    expect(card).toContain('Saved ✓');
  });

  it('refuses the forms without a session or without the CSRF token, changing nothing', async () => {
    const stranger = new Browser(hub.app);
    await stranger.get('/papers/2603.00010');
    expect((await stranger.post('/library/save', { paperId: '2602.00020' })).status).toBe(403);
    expect((await new Browser(hub.app).get('/library')).headers.location).toBe('/login?next=%2Flibrary');
    expect((await ana.post('/library/save', { paperId: '2602.00020', _csrf: 'forged' })).status).toBe(403);
    expect((await ana.get('/library')).body).not.toContain('Scientific Figure Question Answering');
  });
});
