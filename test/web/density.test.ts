/** Titles only or with abstracts: a GET form sets a cookie; lists follow it, and each choice is cached apart. */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { saveFixtures, THREE_DAYS, useTestApp } from './fixtures.ts';

describe.each(DIALECTS)('the density toggle on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, THREE_DAYS));

  it('keeps the choice in a cookie for a year and goes back to the list', async () => {
    const answer = await web.app.inject({ url: '/density?show=titles&next=%2Fpapers%2Fweek%2F2026-W10%3Fp%3D1' });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/papers/week/2026-W10?p=1');
    expect(answer.headers['set-cookie']).toBe('density=titles; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax');
  });

  it('refuses a choice it does not know, and sends an address off the site to /papers', async () => {
    const bad = await web.app.inject({ url: '/density?show=everything&next=/papers' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('show must be “titles” or “abstracts”');
    expect(bad.headers['set-cookie']).toBeUndefined();
    const away = await web.app.inject({ url: '/density?show=abstracts&next=//evil.example/' });
    expect(away.statusCode).toBe(303);
    expect(away.headers.location).toBe('/papers');
  });

  it('shows each reader the list they chose, from the shared cache, and says it varies by cookie', async () => {
    for (const path of ['/papers', '/papers/week/2026-W10', '/papers?q=routing']) {
      const titles = await web.app.inject({ url: path, headers: { cookie: 'density=titles' } });
      const plain = await web.app.inject({ url: path });
      const again = await web.app.inject({ url: path, headers: { cookie: 'density=titles' } });
      expect(titles.statusCode, path).toBe(200);
      expect(titles.body, path).not.toContain('<p class="abstract">');
      expect(titles.body, path).not.toContain('<span class="links">');
      expect(titles.body, path).toContain('value="titles" aria-pressed="true"');
      expect(again.body, path).toBe(titles.body);
      expect(plain.body, path).toContain('<p class="abstract">');
      // Only the code and project links: the arXiv and PDF links are on the paper's page.
      expect(plain.body, path).toContain('<span class="links"><a href="https://github.com/example/sparse-routing">Code</a>');
      expect(plain.body, path).toContain('value="abstracts" aria-pressed="true"');
      expect(plain.headers.vary, path).toContain('cookie');
    }
  });
});
