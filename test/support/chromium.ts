/**
 * Debian's Chromium through playwright-core, as every browser test drives it: launched with the
 * brief's flags (never a downloaded browser), pages that record what went wrong in them, a
 * member's login, the layout check and axe-core.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots land here (gitignored), for a person to look at after a run. */
export const SCREENSHOTS = 'test-artifacts/screenshots';

/**
 * `scrollbars`: show them, as a desktop browser does (Playwright hides them when headless): a page
 * that grows past the screen as it loads then narrows by a scrollbar, a shift Lighthouse counts.
 */
export function launchChromium(options: { scrollbars?: boolean } = {}): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: FLAGS,
    ...(options.scrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
  });
}

/**
 * A page whose console errors, uncaught errors and dialogs (a script from the data that ran)
 * are pushed to `problems`; a test ends by expecting it empty.
 */
export function watch(page: Page, problems: string[]): Page {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

/** A new context with one watched page. */
export async function openPage(
  browser: Browser,
  problems: string[],
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  return { context, page: watch(await context.newPage(), problems) };
}

/** Logs in through the login form and waits for the page it leads back to. */
export async function logIn(page: Page, origin: string, email: string, password: string, next = '/papers'): Promise<void> {
  await page.goto(`${origin}/login${next === '/papers' ? '' : `?next=${encodeURIComponent(next)}`}`);
  await page.fill('form[action="/login"] input[name=email]', email);
  await page.fill('form[action="/login"] input[name=password]', password);
  await Promise.all([page.waitForURL(`${origin}${next}`), page.click('form[action="/login"] button')]);
}

/** How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core's violations on the page (or within `scope`), one readable line per element:
 * `color-contrast (serious) Elements must meet … at a.tab: Fix any of the following: …`.
 */
export async function axeViolations(page: Page, scope = 'html'): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not stop it.
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    async ([include, tags]) => {
      const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run({ include: [include] }, { runOnly: { type: 'tag', values: tags } })).violations;
    },
    [scope, AXE_TAGS] as const,
  );
  return (violations as AxeViolation[]).flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}) ${violation.help} at ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`,
    ),
  );
}
