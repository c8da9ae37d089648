/** The header names a signed-in member on every page, while everyone else's pages stay shared. */
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { signUp, startSession } from '../../src/social/accounts.ts';
import { SESSION_COOKIE } from '../../src/web/auth.ts';
import { DIALECTS } from '../support/stores.ts';
import { NOW, saveFixtures, THREE_DAYS, useTestApp } from './fixtures.ts';

const VISITOR_LINKS = '<a href="/login">Log in</a> <a href="/signup">Sign up</a>';

describe.each(DIALECTS)('the member header on %s', (dialect) => {
  let cookie = '';
  const web = useTestApp(dialect, async (store) => {
    await saveFixtures(store, THREE_DAYS);
    const ana = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana <b>' }, NOW);
    cookie = `${SESSION_COOKIE}=${await startSession(store, ana.id, new Date())}`;
  });

  it.each(['/papers', '/papers/week/2026-W10', '/papers/2603.00010', '/papers/submit', '/papers/no-such-page'])(
    'names the member, with Settings and Log out, on %s',
    async (path) => {
      const visitor = await web.app.inject({ url: path });
      expect(visitor.body).toContain(VISITOR_LINKS);
      const member = await web.app.inject({ url: path, headers: { cookie, 'accept-encoding': 'br' } });
      expect(member.headers['content-encoding']).toBe('br');
      const html = brotliDecompressSync(member.rawPayload).toString('utf8');
      expect(html).not.toContain(VISITOR_LINKS);
      expect(html).toMatch(
        /<span class="member-name">Ana &lt;b><\/span> <a href="\/settings">Settings<\/a> <form class="logout-form" method="post" action="\/logout"><input type="hidden" name="_csrf" value="[^"]+"\/><button type="submit" class="link-button">Log out<\/button><\/form>/,
      );
      expect(member.headers['cache-control']).toBe('private, no-cache');
    },
  );

  it('answers a member in full even when they hold the visitor’s copy of the page', async () => {
    const visitor = await web.app.inject({ url: '/papers/trending' });
    const member = await web.app.inject({
      url: '/papers/trending',
      headers: { cookie, 'if-none-match': String(visitor.headers.etag) },
    });
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain('<span class="member-name">Ana &lt;b></span>');
    expect(member.headers.etag).not.toBe(visitor.headers.etag);
    // Their own copy, asked again, is still answered in full: a member's pages are never revalidated.
    const again = await web.app.inject({
      url: '/papers/trending',
      headers: { cookie, 'if-none-match': String(member.headers.etag) },
    });
    expect(again.statusCode).toBe(200);
  });

  it('keeps the visitor’s links for a lapsed session, from the shared cache', async () => {
    const lapsed = await web.app.inject({ url: '/papers', headers: { cookie: `${SESSION_COOKIE}=not-a-session` } });
    expect(lapsed.body).toContain(VISITOR_LINKS);
  });
});
