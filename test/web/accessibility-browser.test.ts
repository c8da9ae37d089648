/**
 * Every page in Chromium at 1280 and 390 px, logged out, as a member and as a moderator:
 * axe-core finds no violation of WCAG 2.0/2.1 A and AA, 2.2 AA or best practice, no page is
 * wider than its screen, no form control on a phone is under 44 px tall or 16 px text, and each
 * page leaves a full-page screenshot under test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { signUp } from '../../src/social/accounts.ts';
import { postComment } from '../../src/social/comments.ts';
import { axeViolations, logIn, openPage, overflow, SCREENSHOTS } from '../support/chromium.ts';
import { useBrowserHub } from './browser-hub.ts';
import { figures, rewards, routing } from './fixtures.ts';
import { follow, followTarget, giveFeedback } from '../../src/library/taste.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const COMMENT = [
  'Runs with `route(x, k=4)`; the table from the paper:',
  '',
  '| k | tokens/s |',
  '|---|---|',
  '| 2 | 910 |',
  '',
  '> a quoted line',
  '',
  '```',
  `${'an_unbroken_line_of_code_'.repeat(12)}`,
  '```',
  '',
  'https://example.org/' + 'a-very-long-address-'.repeat(8),
].join('\n');

const PUBLIC = [
  '/papers',
  '/papers/week/2026-W10',
  '/papers/month/2026-03',
  '/papers/trending',
  '/papers?q=routing&from=2026-02-01&to=2026-03-31&category=cs.CL',
  `/papers/${routing.id}`,
  '/papers/submit',
  '/subscribe',
  '/papers/no-such-page',
];
const PAGES: Record<string, string[]> = {
  visitor: [...PUBLIC, '/login', '/signup'],
  member: [...PUBLIC, '/settings', '/library', '/settings/taste', '/settings/webhooks'],
  moderator: [...PUBLIC, '/settings', '/moderation'],
};
const ACCOUNTS = {
  member: { email: 'ana@example.org', password: 'ana password' },
  moderator: { email: 'mod@example.org', password: 'mod password' },
};

/** Form controls a thumb would miss on a phone: under 44 px tall, or text under 16 px (iOS zooms into it). */
function smallControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea, form button')]
      .filter((element) => (element as HTMLElement).offsetParent !== null)
      .flatMap((element) => {
        const { height } = element.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(element).fontSize);
        const name = `${element.tagName.toLowerCase()}[name=${element.getAttribute('name')}]${element.textContent?.trim() ? ` “${element.textContent.trim()}”` : ''}`;
        if (element.matches('[type=radio], [type=checkbox]')) return []; // their label is the target
        return height < 44 || size < 16 ? [`${name}: ${Math.round(height)} px tall, ${size} px text`] : [];
      }),
  );
}

describe('every page in Chromium, for axe-core and the layout check', () => {
  const problems: string[] = [];

  const hub = useBrowserHub('dp-a11y-browser-', NOW, async (store) => {
    const ana = await signUp(store, { ...ACCOUNTS.member, displayName: 'Ana' }, NOW);
    await signUp(store, { ...ACCOUNTS.moderator, displayName: 'Mod', role: 'moderator' }, NOW);
    const first = await postComment(store, ana, routing.id, { text: COMMENT }, DEFAULT_TRENDING, NOW);
    await postComment(store, ana, routing.id, { text: 'A reply.', parentId: first.id }, DEFAULT_TRENDING, NOW);
    // What /settings/taste lists: a mark of each kind and a follow of each kind.
    await giveFeedback(store, ana, rewards.id, 'more', NOW);
    await giveFeedback(store, ana, figures.id, 'less', NOW);
    await follow(store, ana, followTarget('author', routing.authors[1]!), NOW);
    await follow(store, ana, followTarget('category', 'cs.CL'), NOW);
  });

  async function check(page: Page, role: string): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
      for (const path of PAGES[role]!) {
        const before = problems.length;
        const response = await page.goto(`${hub.origin}${path}`);
        const expected = path === '/papers/no-such-page' ? 404 : 200;
        // Chromium logs the 404 page's own status as an error: the one expected problem.
        if (expected === 404) problems.splice(before, 1);
        const where = `${role} ${width}px ${path}`;
        const faults = response?.status() === expected ? [] : [`status ${response?.status()}`];
        const wider = await overflow(page);
        if (wider > 0) faults.push(`${wider} px wider than the screen`);
        if (width < 400) faults.push(...(await smallControls(page)));
        faults.push(...(await axeViolations(page)));
        if (faults.length > 0) found[where] = faults;
        const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root';
        await page.screenshot({ path: `${SCREENSHOTS}/${role}-${width}-${name}.png`, fullPage: true });
      }
    }
    return found;
  }

  // Two widths of a dozen pages each, axe and a full-page screenshot on every one: minutes on a busy machine.
  it.each(['visitor', 'member', 'moderator'] as const)(
    'finds nothing on any page for a %s',
    { timeout: 180_000 },
    async (role) => {
      const { context, page } = await openPage(hub.browser, problems);
      if (role !== 'visitor') await logIn(page, hub.origin, ACCOUNTS[role].email, ACCOUNTS[role].password);
      const found = await check(page, role);
      // Printed whole, one line per element, so one run shows everything to fix.
      expect(found).toEqual({});
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
