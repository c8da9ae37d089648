/**
 * What the pages weigh: the real Hugging Face daily feed (../shared/data/hf-daily-papers) imported
 * into a scratch SQLite store as `dailypapers import` does, then the day, week, trending, search
 * and paper pages asked for logged out, at each density, and their bytes printed raw, gzipped and
 * brotli-compressed (the bytes the server itself sends for each Accept-Encoding) in a Markdown
 * table for BENCHMARKS.md.
 * The hub's clock is set just after the last feed day, so Trending has its papers.
 *
 *   npm run bench:page-weight -- [--data ../shared/data]
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { recomputeTrending } from '../src/rank/trending.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import { DENSITY_COOKIE } from '../src/web/density.ts';
import { buildServer } from '../src/web/server.ts';
import { openBenchStore } from './bench-store.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' } } });
const file = join(values.data!, 'hf-daily-papers', 'hf_daily_papers_2023-11_to_2025-05.jsonl');
if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);

// The feed's last day is 2025-05-09; its busiest 2025-02-19 (68 papers); 2025-04-01 is a typical
// full day (50 papers, 43 with an abstract).
const NOW = new Date('2025-05-10T12:00:00Z');
const PAGES: [string, string, boolean][] = [
  ['day of 50', '/papers/date/2025-04-01', true],
  ['busiest day (68)', '/papers/date/2025-02-19', true],
  ['week', '/papers/week/2025-W14', true],
  ['trending', '/papers/trending', true],
  ['search', '/papers?q=diffusion', true],
  ['paper', '/papers/2503.23461', false],
];

const { store, dispose } = await openBenchStore('sqlite');
try {
  const { items } = await openImportStream(createReadStream(file), 'auto');
  await importPapers(store, items, { feedCategories: [] });
  await recomputeTrending(store, loadConfig({}).trending, NOW);
  const config = loadConfig({ SECRET: 'bench', LOG_LEVEL: 'silent', BASE_URL: 'https://papers.example.org' });
  const logger = pino({ level: 'silent' });
  const app = await buildServer({
    config,
    store,
    logger,
    now: () => NOW,
    ...(await buildServiceParts({ config, store, logger })),
  });
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log('| page | path | density | raw KB | gzip KB | brotli KB |');
  console.log('|---|---|---|---:|---:|---:|');
  for (const [name, url, lists] of PAGES) {
    for (const density of lists ? ['abstracts', 'titles'] : ['—']) {
      const sizes = [];
      for (const encoding of ['identity', 'gzip', 'br']) {
        const cookie = density === 'titles' ? { cookie: `${DENSITY_COOKIE}=titles` } : {};
        const res = await app.inject({ url, headers: { ...cookie, 'accept-encoding': encoding } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
        if ((res.headers['content-encoding'] ?? 'identity') !== encoding) throw new Error(`${url}: not sent as ${encoding}`);
        sizes.push(kb(res.rawPayload.length));
      }
      console.log(`| ${name} | \`${url}\` | ${density} | ${sizes.join(' | ')} |`);
    }
  }
  await app.close();
} finally {
  await dispose();
}
