/**
 * `dailypapers serve` keeps its keyword index between runs: the first start builds it and,
 * on SIGTERM, leaves a snapshot in DATA_DIR; the next start loads it (its log says so), finds
 * a paper imported while it was down (the change log replayed), and is ready at once.
 * `dailypapers reindex` writes the snapshot anew.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { SNAPSHOT_FILE } from '../../src/search/index.ts';
import { logMessages, runCli, startCli } from '../support/cli.ts';
import { freePort, waitForHealth } from '../support/net.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { NOW, seedSearchCorpus } from '../search/fixtures.ts';

/** Runs `serve` until `visit` is done, then stops it with SIGTERM; its log messages. */
async function serving(env: Record<string, string>, visit: (url: string) => Promise<void>): Promise<string[]> {
  const port = await freePort();
  const { child, result } = startCli(['serve', '--port', String(port)], { ...env, LOG_LEVEL: 'info' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url);
    await visit(url);
  } finally {
    child.kill('SIGTERM');
  }
  const { code, stdout } = await result;
  expect(code).toBe(0);
  return logMessages(stdout);
}

async function searchIds(url: string, q: string): Promise<string[]> {
  const response = await fetch(`${url}/api/papers/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { paper: { id: string } }[]).map((item) => item.paper.id);
}

async function untilReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('never ready');
}

describe.each(DIALECTS)('serve with a search index snapshot, on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-serve-snapshot-'));
  let store: TestStore;
  let env: Record<string, string>;
  beforeAll(async () => {
    store = await openTestStore(dialect, { sqliteFile: join(dataDir, 'dailypapers.sqlite') });
    await seedSearchCorpus(store);
    env = { DATA_DIR: dataDir, ...(dialect === 'postgres' ? { DATABASE_URL: store.url } : {}) };
  });
  afterAll(async () => store.close());

  it(
    'builds and writes it on the first start; reindex writes it anew; the next start loads it and replays the log',
    { timeout: 120_000 },
    async () => {
      const first = await serving(env, async (url) => {
        await untilReady(url);
        expect(await searchIds(url, 'experts')).toContain('2601.00001');
      });
      expect(first).toContain('rebuilding the search index: its snapshot cannot be used (there is no snapshot)');
      expect(first).toContain('search index snapshot written');
      expect(existsSync(join(dataDir, SNAPSHOT_FILE))).toBe(true);

      rmSync(join(dataDir, SNAPSHOT_FILE));
      const reindex = await runCli(['reindex'], env);
      expect(reindex).toMatchObject({ code: 0, stderr: '' });
      expect(reindex.stdout).toMatch(/^reindexed 6 papers in \d+\.\d s \(\d+ brought up to the metadata rules\)\n$/);
      expect(existsSync(join(dataDir, SNAPSHOT_FILE))).toBe(true);

      // Imported while no server runs: only the change log can tell the next start.
      const lighthouse = paperRecord({
        id: '2603.00078',
        title: 'Lighthouse Keepers Between Restarts',
        abstract: 'Found after a restart by replaying the log.',
        authors: ['Mira Holt'],
        categories: ['cs.DB'],
        publishedAt: '2026-03-01T00:00:00.000Z',
      });
      await savePapers(store, [lighthouse], { feedCategories: [], now: NOW });

      const second = await serving(env, async (url) => {
        await untilReady(url);
        expect(await searchIds(url, 'lighthouse keepers')).toEqual(['2603.00078']);
        expect(await searchIds(url, 'experts')).toContain('2601.00001');
      });
      expect(second).toContain('search index loaded from its snapshot');
      expect(second).not.toContain('rebuilding the search index: its snapshot cannot be used (there is no snapshot)');
    },
  );
});
