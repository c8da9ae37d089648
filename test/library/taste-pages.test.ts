/**
 * The taste forms as a member's browser uses them, without script, on both stores: "not
 * interested" takes a card out of that member's lists only, the paper page brings it back,
 * follows come from the paper page and from searches, and /settings/taste shows and resets it all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { Browser } from '../web/community-fixtures.ts';
import { figures, NOW, rewards, routing, saveFixtures, useTestApp } from '../web/fixtures.ts';

const DAY = '/papers/date/2026-03-02';
const card = (body: string, id: string) => body.includes(`id="paper-${id}"`);

describe.each(DIALECTS)('the taste forms on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards, figures]));
  let ana: Browser;
  let ben: Browser;

  beforeAll(async () => {
    await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    await signUp(hub.store, { email: 'ben@example.org', password: 'ben password', displayName: 'Ben' }, NOW);
    ana = new Browser(hub.app);
    await ana.logIn('ana@example.org', 'ana password');
    ben = new Browser(hub.app);
    await ben.logIn('ben@example.org', 'ben password');
  });

  it('takes a paper marked not interested out of that member’s day page and search only, and brings it back from its page', async () => {
    const anonymousBefore = await new Browser(hub.app).get(DAY);
    expect(anonymousBefore.body).not.toContain('action="/feedback"');
    const list = await ana.get(DAY);
    expect(card(list.body, '2603.00010')).toBe(true);
    expect(list.body).toContain('<button type="submit" name="kind" value="less" aria-pressed="false">Not interested</button>');

    const marked = await ana.post('/feedback', { paperId: '2603.00010', kind: 'less', next: `${DAY}#paper-2603.00010` });
    expect([marked.status, marked.headers.location]).toEqual([303, `${DAY}#paper-2603.00010`]);
    const after = await ana.get(DAY);
    expect(card(after.body, '2603.00010')).toBe(false);
    expect(card(after.body, '2603.00011')).toBe(true);
    expect(after.headers['cache-control']).toBe('private, no-cache');
    expect(card((await ana.get('/papers?q=sparse%20routing')).body, '2603.00010')).toBe(false);
    // Everyone else's lists are as they were.
    expect(card((await new Browser(hub.app).get(DAY)).body, '2603.00010')).toBe(true);
    expect(card((await ben.get(DAY)).body, '2603.00010')).toBe(true);
    expect(card((await new Browser(hub.app).get('/papers?q=sparse%20routing')).body, '2603.00010')).toBe(true);

    const page = await ana.get('/papers/2603.00010');
    expect(page.status).toBe(200);
    expect(page.body).toContain('You marked this paper not interested: it is hidden from your lists.');
    expect(page.body).toContain('<button type="submit" name="kind" value="none" aria-pressed="true">Not interested ✓</button>');
    const undone = await ana.post('/feedback', { paperId: '2603.00010', kind: 'none', next: '/papers/2603.00010' });
    expect([undone.status, undone.headers.location]).toEqual([303, '/papers/2603.00010']);
    expect(card((await ana.get(DAY)).body, '2603.00010')).toBe(true);

    await ana.post('/feedback', { paperId: '2603.00011', kind: 'more', next: DAY });
    const pressed = (await ana.get(DAY)).body.split('id="paper-2603.00011"')[1]!.split('</article>')[0];
    expect(pressed).toContain('<button type="submit" name="kind" value="none" aria-pressed="true">More like this ✓</button>');
  });

  it('follows authors and categories from the paper page and from searches', async () => {
    const page = await ana.get('/papers/2603.00010');
    expect(page.body).toContain('<summary>Follow its authors or categories</summary>');
    expect(page.body).toContain(
      '<button type="submit" name="author" value="Kenji Sato" aria-pressed="false">Follow Kenji Sato</button>',
    );
    const followed = await ana.post('/follows', { author: 'Kenji Sato', next: '/papers/2603.00010' });
    expect([followed.status, followed.headers.location]).toEqual([303, '/papers/2603.00010']);
    await ana.post('/follows', { category: 'cs.LG', next: '/papers/2603.00010' });
    const again = await ana.get('/papers/2603.00010');
    expect(again.body).toContain('action="/follows/remove"');
    expect(again.body).toContain('Following Kenji Sato ✓');
    expect(again.body).toContain('Following cs.LG ✓');

    const search = `/papers?q=${encodeURIComponent('author:"Lena Vogel"')}`;
    expect((await new Browser(hub.app).get(search)).body).not.toContain('action="/follows"');
    const results = await ana.get(search);
    expect(results.body).toContain('Follow Lena Vogel');
    await ana.post('/follows', { author: 'Lena Vogel', next: search });
    expect((await ana.get(search)).body).toContain('Following Lena Vogel ✓');
    const filtered = await ana.get('/papers?q=figures&category=cs.CV');
    expect(filtered.body).toContain(
      '<button type="submit" name="category" value="cs.CV" aria-pressed="false">Follow cs.CV</button>',
    );
  });

  it('shows everything learned on /settings/taste, linked from Settings, each removable, and resets it keeping the library', async () => {
    expect((await ana.get('/settings')).body).toContain('<a href="/settings/taste">What the hub has learned about you</a>');
    await ana.post('/library/save', { paperId: '2602.00020', next: '/library' });
    const page = await ana.get('/settings/taste');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toContain('the 1 paper you saved and 0 you upvoted');
    expect(page.body).toContain('Following Kenji Sato ✓');
    expect(page.body).toContain('Following Lena Vogel ✓');
    expect(page.body).toContain(`<a href="/papers/2603.00011">${rewards.title}</a>`);
    expect(page.body).toContain('Your library and your upvotes stay');

    const removed = await ana.post('/follows/remove', { author: 'Lena Vogel', next: '/settings/taste' });
    expect(removed.headers.location).toBe('/settings/taste');
    expect((await ana.get('/settings/taste')).body).not.toContain('Lena Vogel');

    const reset = await ana.post('/settings/taste/reset', {});
    expect([reset.status, reset.headers.location]).toEqual([303, '/settings/taste']);
    const empty = await ana.get('/settings/taste');
    expect(empty.body).not.toContain('Kenji Sato');
    expect(empty.body).not.toContain(rewards.title);
    expect(empty.body).toContain('the 1 paper you saved');
    expect((await ana.get('/library')).body).toContain(figures.title);
  });

  it('refuses bad forms in words, and forms without a session or its token, changing nothing', async () => {
    await ana.get('/settings/taste');
    expect((await ana.post('/feedback', { paperId: '2699.99999', kind: 'less' })).status).toBe(404);
    const badKind = await ana.post('/feedback', { paperId: '2603.00010', kind: 'hate' });
    expect(badKind.status).toBe(400);
    expect(badKind.body).toContain('Invalid kind “hate”: choose more like this or not interested');
    const badCategory = await ana.post('/follows', { category: 'not a category' });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body).toContain('“not a category” is not an arXiv category or archive');
    expect((await ana.post('/follows', { author: '' })).status).toBe(400);
    expect((await ana.post('/feedback', { paperId: '2603.00010', kind: 'less', _csrf: 'forged' })).status).toBe(403);
    const stranger = new Browser(hub.app);
    await stranger.get('/papers/2603.00010');
    expect((await stranger.post('/feedback', { paperId: '2603.00010', kind: 'less' })).status).toBe(403);
    expect((await new Browser(hub.app).get('/settings/taste')).headers.location).toBe('/login?next=%2Fsettings%2Ftaste');
    expect(card((await ana.get(DAY)).body, '2603.00010')).toBe(true);
    expect((await ana.get('/settings/taste')).body).toContain('None yet');
  });
});
