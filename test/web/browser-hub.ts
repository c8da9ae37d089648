import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { communityServer } from './community-fixtures.ts';
import { saveFixtures, THREE_DAYS } from './fixtures.ts';

/** What a Chromium suite reaches once its `beforeAll` has run. */
export interface BrowserHub {
  origin: string;
  browser: Browser;
  /** The mails the hub has sent. */
  outbox: () => string[];
}

/**
 * A hub for one Chromium suite: the three fixture days in a SQLite store of its own folder,
 * whatever else `seed` adds, served on a free port at the moment `now`, and one browser; all of
 * it closed after the suite.
 */
export function useBrowserHub(prefix: string, now: Date, seed: (store: TestStore) => Promise<void>): BrowserHub {
  const hub = {} as BrowserHub;
  let dir: string | undefined;
  let store: TestStore | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    store = await openTestStore('sqlite', { sqliteFile: join(dir, 'papers.sqlite') });
    await saveFixtures(store, THREE_DAYS);
    await seed(store);
    const server = await communityServer(store, 'http://127.0.0.1:9', () => now);
    app = server.app;
    hub.outbox = server.outbox;
    hub.origin = await app.listen({ host: '127.0.0.1', port: 0 });
    hub.browser = await launchChromium();
  });
  afterAll(async () => {
    await hub.browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return hub;
}
