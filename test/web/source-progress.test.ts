import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSourceStatus } from '../../src/ingest/source-status.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { buildTestServer } from '../support/web-server.ts';
import { testConfig } from './fixtures.ts';

describe.each(DIALECTS)('the empty feed page while the live sources fill the hub, on %s', (dialect) => {
  let store: TestStore;
  let live: FastifyInstance;
  let offline: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    // No response cache: each test writes a new status and reads the page at once.
    const config = testConfig({ HF_DAILY: 'on', ARXIV_CATEGORIES: 'cs.CL' });
    live = await buildTestServer({ config, store, responseCacheSeconds: 0 });
    offline = await buildTestServer({ config: testConfig(), store });
  });
  afterAll(async () => {
    await live.close();
    await offline.close();
    await store.close();
  });

  const text = async (app: FastifyInstance) => (await app.inject({ url: '/papers' })).body.replace(/<[^>]+>/g, '');

  it('says how far each source has come, read from the store', async () => {
    await updateSourceStatus(store, 'hf-daily', () => ({ from: '2026-01-01', to: '2026-01-12', papers: 0 }));
    await updateSourceStatus(store, 'arxiv', () => ({ from: '2025-12-13', papers: 3200 }));
    const page = await text(live);
    expect(page).toContain("Fetching Hugging Face's daily papers… 12 days so far.");
    expect(page).toContain('arXiv harvest: 3,200 papers so far, back to Dec 13, 2025.');
  });

  it('says when a source cannot be reached and when it is tried again', async () => {
    const fault = {
      message: 'could not be reached: its name did not resolve (ENOTFOUND: offline?), 5 attempt(s)',
      at: '2026-01-12T09:30:00.000Z',
      retryAt: '2026-01-12T09:31:00.000Z',
    };
    await updateSourceStatus(store, 'hf-daily', () => ({ fault }));
    expect(await text(live)).toContain(
      'Hugging Face could not be reached: its name did not resolve (ENOTFOUND: offline?), 5 attempt(s) (at 09:30 UTC). Trying again at 09:31 UTC.',
    );
  });

  it('says nothing of a source that is turned off', async () => {
    const page = await text(offline);
    expect(page).toContain('No papers yet');
    expect(page).not.toContain('Fetching Hugging Face');
    expect(page).not.toContain('could not be reached');
    expect(page).not.toContain('arXiv harvest');
  });
});
