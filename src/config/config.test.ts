import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSecret, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite in DATA_DIR and a local address', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/dp' });
    expect(config.database).toEqual({ dialect: 'sqlite', file: '/tmp/dp/dailypapers.sqlite' });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      baseUrl: 'http://127.0.0.1:3000',
      baseUrlExplicit: false,
      databaseTimeouts: { queryMs: 10_000, connectMs: 5_000 },
    });
  });

  it('fills a fresh hub from the live sources: the daily feed from Hugging Face, the archive from four arXiv categories', () => {
    expect(loadConfig({})).toMatchObject({
      hfDaily: true,
      hfApiUrl: 'https://huggingface.co',
      arxivCategories: ['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG'],
      arxivOaiUrl: 'https://oaipmh.arxiv.org/oai',
      arxivSince: null,
      // Hugging Face's picks are the feed; the harvest fills the archive only.
      feedCategories: [],
      ingestSchedule: '30 1 * * *',
    });
  });

  it('turns each source off, reaches further back, and lets the feed follow arXiv when Hugging Face is off', () => {
    expect(loadConfig({ HF_DAILY: 'off', ARXIV_CATEGORIES: 'none' })).toMatchObject({ hfDaily: false, arxivCategories: [] });
    expect(loadConfig({ HF_DAILY: 'off', ARXIV_CATEGORIES: 'hep-th' })).toMatchObject({
      arxivCategories: ['hep-th'],
      feedCategories: ['hep-th'],
    });
    expect(loadConfig({ ARXIV_CATEGORIES: 'hep-th' }).feedCategories).toEqual([]);
    expect(loadConfig({ ARXIV_SINCE: '2025-01-01' }).arxivSince).toBe('2025-01-01');
  });

  it('makes the default address one a browser can open, whatever HOST listens on', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '::', PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '::1', PORT: '8080' }).baseUrl).toBe('http://[::1]:8080');
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/papers',
      PORT: '8080',
      HOST: '0.0.0.0',
      BASE_URL: 'https://papers.example.org/',
      SECRET: 's3cret',
      ARXIV_CATEGORIES: 'cs.CL, cs.LG',
      ARXIV_OAI_URL: 'http://127.0.0.1:9/oai',
      ARXIV_API_URL: 'http://127.0.0.1:9/api',
      HF_API_URL: 'http://127.0.0.1:9/',
      DATABASE_QUERY_TIMEOUT_MS: '0',
      DATABASE_CONNECT_TIMEOUT_MS: '2500',
    });
    expect(config).toMatchObject({
      database: { dialect: 'postgres', url: 'postgres://u@db:5432/papers' },
      port: 8080,
      host: '0.0.0.0',
      baseUrl: 'https://papers.example.org',
      baseUrlExplicit: true,
      secret: 's3cret',
      arxivCategories: ['cs.CL', 'cs.LG'],
      feedCategories: [],
      arxivOaiUrl: 'http://127.0.0.1:9/oai',
      hfApiUrl: 'http://127.0.0.1:9',
      databaseTimeouts: { queryMs: 0, connectMs: 2500 },
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/papers.db' }).database).toEqual({ dialect: 'sqlite', file: '/var/papers.db' });
    expect(loadConfig({ ARXIV_CATEGORIES: 'cs.CL', FEED_CATEGORIES: '*' }).feedCategories).toEqual(['*']);
  });

  it.each([
    ['PORT', 'eighty', 'PORT: "eighty" is not a port number (0-65535)'],
    ['PORT', '70000', 'PORT: "70000" is not a port number (0-65535)'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL: "mysql://x" must start with postgres://, postgresql:// or sqlite:'],
    [
      'BASE_URL',
      'papers.example.org',
      'BASE_URL: "papers.example.org" has no scheme: write it as https://papers.example.org (or http://papers.example.org)',
    ],
    [
      'BASE_URL',
      'localhost:3000',
      'BASE_URL: "localhost:3000" has no scheme: write it as https://localhost:3000 (or http://localhost:3000)',
    ],
    ['BASE_URL', 'mailto://x@example.org', 'BASE_URL: "mailto://x@example.org" is not an http(s) URL'],
    ['ARXIV_CATEGORIES', 'cs.CL;cs.LG', 'ARXIV_CATEGORIES: "cs.CL;cs.LG" is not an arXiv category such as cs.CL or hep-th'],
    ['HF_API_URL', 'ftp://hf', 'HF_API_URL: "ftp://hf" is not an http(s) URL'],
    ['SMTP_URL', 'mail.example.org', 'SMTP_URL: must start with smtp:// or smtps://'],
    ['DATABASE_QUERY_TIMEOUT_MS', '1.5', 'DATABASE_QUERY_TIMEOUT_MS: "1.5" must be a whole number from 0 to 3600000'],
    ['DATABASE_CONNECT_TIMEOUT_MS', '0', 'DATABASE_CONNECT_TIMEOUT_MS: "0" must be a whole number from 1 to 600000'],
    ['INGEST_SCHEDULE', 'daily', 'INGEST_SCHEDULE: "daily" is not a cron expression such as "30 1 * * *"'],
    ['TRENDING_SCHEDULE', '61 * * * *', 'TRENDING_SCHEDULE: "61 * * * *" is not a cron expression such as "30 1 * * *"'],
    ['HF_DAILY', 'sometimes', 'HF_DAILY: "sometimes" must be on or off'],
    ['ARXIV_SINCE', '2025-02-30', 'ARXIV_SINCE: "2025-02-30" is not a calendar day (YYYY-MM-DD)'],
  ])('refuses a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('keeps valid cron schedules as given, and defaults them', () => {
    expect(loadConfig({})).toMatchObject({ ingestSchedule: '30 1 * * *', trendingSchedule: '17 * * * *' });
    expect(loadConfig({ INGEST_SCHEDULE: '0 */6 * * *', TRENDING_SCHEDULE: '*/5 * * * *' })).toMatchObject({
      ingestSchedule: '0 */6 * * *',
      trendingSchedule: '*/5 * * * *',
    });
  });

  it('generates a secret once and keeps it in DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dp-config-'));
    const first = ensureSecret(loadConfig({ DATA_DIR: dataDir }));
    const second = ensureSecret(loadConfig({ DATA_DIR: dataDir }));
    expect(first.secret).toHaveLength(43);
    expect(second.secret).toBe(first.secret);
    expect(readFileSync(join(dataDir, 'secret'), 'utf8').trim()).toBe(first.secret);
  });
});
