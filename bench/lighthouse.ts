/**
 * Lighthouse (npm `lighthouse`, Debian's chromium) on the daily page, a paper page and a search
 * page, mobile and desktop, against a local server holding one day of real papers; prints a
 * Markdown table of the four category scores and, under it, every audit that cost points.
 *
 *   npm run bench:lighthouse -- [--data ../shared/data] [--chrome /usr/bin/chromium] [--runs 1]
 *
 * With several runs, each score is the median.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { pino } from 'pino';
import { buildServiceParts } from '../src/cli/parts.ts';
import { loadConfig } from '../src/config/config.ts';
import { openStore } from '../src/db/connect.ts';
import { savePapers } from '../src/ingest/save-papers.ts';
import { buildServer } from '../src/web/server.ts';
import { dayOfPapers } from './day-of-papers.ts';

const DAY = '2026-03-02';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    chrome: { type: 'string', default: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
    runs: { type: 'string', default: '1' },
  },
});

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'dp-lighthouse-'));
const config = loadConfig({
  DATA_DIR: dir,
  SECRET: 'bench',
  LOG_LEVEL: 'silent',
  BASE_URL: origin,
  HF_DAILY: 'off',
  ARXIV_CATEGORIES: 'none',
});
const store = await openStore(config.database);
const papers = await dayOfPapers(values.data!, DAY, 30);
await savePapers(store, papers, { feedCategories: [], now: new Date() });
const logger = pino({ level: 'silent' });
const app = await buildServer({ config, store, logger, ...(await buildServiceParts({ config, store, logger })) });
await app.listen({ port, host: '127.0.0.1' });

const searchWord = papers[0]!.title.split(/\s+/).find((word) => /^[A-Za-z]{5,}$/.test(word)) ?? 'model';
const PAGES = {
  daily: '/papers',
  paper: `/papers/${papers[0]!.id}`,
  search: `/papers?q=${encodeURIComponent(searchWord)}`,
};

const chrome = await chromeLauncher.launch({ chromePath: values.chrome, chromeFlags: FLAGS });
const rows: string[] = [];
const lost = new Map<string, Set<string>>();
try {
  for (const [form, settings] of [
    ['mobile', undefined],
    ['desktop', desktopConfig],
  ] as const) {
    for (const [name, path] of Object.entries(PAGES)) {
      const runs: Record<string, number>[] = [];
      for (let run = 0; run < Number(values.runs); run++) {
        const result = await lighthouse(
          `${origin}${path}`,
          { port: chrome.port, logLevel: 'error', onlyCategories: [...CATEGORIES] },
          settings,
        );
        if (!result) throw new Error(`lighthouse gave no result for ${path}`);
        const { lhr } = result;
        runs.push(Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])));
        for (const category of CATEGORIES) {
          for (const ref of lhr.categories[category]?.auditRefs ?? []) {
            const audit = lhr.audits[ref.id];
            if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
              const key = `${category}: ${ref.id} (${audit.title})`;
              if (!lost.has(key)) lost.set(key, new Set());
              lost.get(key)!.add(`${name} ${form}`);
            }
          }
        }
      }
      const median = (c: string) => runs.map((r) => r[c]!).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
      rows.push(`| ${name} (\`${path}\`) | ${form} | ${CATEGORIES.map(median).join(' | ')} |`);
    }
  }
} finally {
  chrome.kill();
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, ${values.chrome}, ${papers.length} papers on ${DAY}, median of ${values.runs} run(s)\n`,
);
console.log('| page | form factor | performance | accessibility | best practices | SEO |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
if (lost.size > 0) {
  console.log('\nAudits that cost points:');
  for (const [audit, where] of lost) console.log(`- ${audit}: ${[...where].join(', ')}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
