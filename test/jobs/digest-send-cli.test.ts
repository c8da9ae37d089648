import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { formatDay } from '../../src/core/dates.ts';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { forYouSection } from '../../src/jobs/digest-for-you.ts';
import { savePapers as saveToLibrary } from '../../src/library/library.ts';
import { recordServedAddress } from '../../src/mail/public-address.ts';
import { embedMissingPapers, openAiEmbedder, SearchIndex } from '../../src/search/index.ts';
import { signUp } from '../../src/social/accounts.ts';
import { sendCounts } from '../../src/store/digests.ts';
import { readServiceState } from '../../src/store/service-state.ts';
import { findSubscriptionByEmail } from '../../src/store/subscriptions.ts';
import { LIBRARY } from '../recommend/recommend-fixtures.ts';
import { DIMENSIONS, startEmbeddingServer } from '../search/embedding-server.ts';
import { runCli, startCli } from '../support/cli.ts';
import { readerAddress, seedConfirmedSubscribers, seedFeed } from '../support/digest-fixtures.ts';
import { freePort, waitForHealth } from '../support/net.ts';
import { copiesPerRecipient, headerLine, parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const today = formatDay(new Date());
const period = `daily:${today}`;

describe.each(DIALECTS)('dailypapers digest send on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-digest-'));
  let store: TestStore;
  let server: TestSmtpServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    store = await openTestStore(dialect, { sqliteFile: join(dataDir, 'papers.sqlite') });
    await seedFeed(store, today);
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('subscriptions').execute();
    await store.db.deleteFrom('service_state').execute();
  });
  afterEach(async () => {
    await server.close();
  });

  const start = async (options: Parameters<typeof startSmtpServer>[0] = {}) => {
    server = await startSmtpServer(options);
    env = {
      DATABASE_URL: store.url,
      DATA_DIR: dataDir,
      SMTP_URL: server.url,
      BASE_URL: 'https://papers.test',
      DIGEST_TIMEZONE: 'UTC',
    };
  };

  function expectOneCopyEach(count: number) {
    const copies = copiesPerRecipient(server.received);
    expect(copies.size).toBe(count);
    expect([...copies.values()].filter((n) => n !== 1)).toEqual([]);
  }

  it('reports a dry run, sends, and sends nothing more when run again', async () => {
    await seedConfirmedSubscribers(store, 5);
    await start();
    const heading = `${period} "Daily Papers — ${new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${today}T00:00:00Z`))}"`;
    expect(await runCli(['digest', 'send', '--dry-run'], env)).toMatchObject({
      code: 0,
      stdout: `${heading}: 10 papers; would send to 5 subscribers (dry run, nothing sent)\n`,
    });
    expect(server.received).toHaveLength(0);
    expect(await runCli(['digest', 'send', '--period', 'daily'], env)).toMatchObject({
      code: 0,
      stdout: `${heading}: 10 papers; sent 5, failed 0, no matching papers 0\n`,
    });
    expect((await runCli(['digest', 'send'], env)).stdout).toBe(
      `${heading}: 10 papers; sent 0, failed 0, no matching papers 0\n`,
    );
    expectOneCopyEach(5);
  }, 60_000);

  it('sends every copy exactly once when the process is SIGKILLed halfway and run again', async () => {
    await seedConfirmedSubscribers(store, 60);
    let stopping: Promise<unknown> | null = null;
    let rerunning = false;
    const sender: { first?: ReturnType<typeof startCli> } = {};
    await start({
      // From the 20th message on the server answers nothing; once the sender has recorded
      // every message the server accepted, it is killed with the others in flight.
      beforeAccept: async () => {
        if (rerunning || (server.received.length < 20 && !stopping)) return;
        stopping ??= vi
          .waitFor(async () => expect((await sendCounts(store, period)).sent).toBe(server.received.length), {
            timeout: 20_000,
            interval: 10,
          })
          .then(() => {
            sender.first!.child.kill('SIGKILL');
            return sender.first!.result;
          });
        await stopping;
        throw new Error('sender gone');
      },
    });
    sender.first = startCli(['digest', 'send'], env);
    const killed = await sender.first.result;
    expect(killed.code).not.toBe(0);
    const delivered = server.received.length;
    expect(delivered).toBeGreaterThanOrEqual(20);
    expect(delivered).toBeLessThan(60);

    rerunning = true;
    const rerun = await runCli(['digest', 'send'], { ...env, LOG_LEVEL: 'error' });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`sent ${60 - delivered}, failed 0`);
    expectOneCopyEach(60);
    expect(await sendCounts(store, period)).toEqual({ sent: 60 });
  }, 60_000);

  it('sends every copy exactly once when two processes start at once', async () => {
    await seedConfirmedSubscribers(store, 200);
    await start();
    const [a, b] = await Promise.all([runCli(['digest', 'send'], env), runCli(['digest', 'send'], env)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expectOneCopyEach(200);
    expect(await sendCounts(store, period)).toEqual({ sent: 200 });
  }, 60_000);

  /** Every link of the one digest received: the List-Unsubscribe header's, the text part's and the HTML part's. */
  async function digestLinks(): Promise<{ unsubscribe: string; links: string[] }> {
    expect(server.received).toHaveLength(1);
    const mail = await parseMail(server.received[0]!);
    const unsubscribe = /^List-Unsubscribe: <(.+)>$/.exec(headerLine(mail, 'List-Unsubscribe')!)![1]!;
    // A URL ends a sentence with a full stop that is not part of it.
    const links = [...`${mail.text}\n${mail.html}`.matchAll(/https?:\/\/[^\s"<>]+[^\s"<>.]/g)].map((m) => m[0]);
    return { unsubscribe, links: [unsubscribe, ...links] };
  }

  it('makes every link with the address serve records, so one-click unsubscribe reaches the running service', async () => {
    await seedConfirmedSubscribers(store, 1);
    await start();
    const { BASE_URL: _unset, ...withoutBaseUrl } = env;
    const port = await freePort();
    const address = `http://127.0.0.1:${port}`;
    const serve = startCli(['serve'], { ...withoutBaseUrl, PORT: String(port) });
    try {
      await waitForHealth(address);
      await vi.waitFor(async () => expect(await readServiceState(store, 'public-address')).toBe(address), { timeout: 10_000 });

      expect((await runCli(['digest', 'send'], withoutBaseUrl)).code).toBe(0);
      const { unsubscribe, links } = await digestLinks();
      // 12 papers (10 in the digest), manage and unsubscribe in both parts, and the header.
      expect(links.length).toBeGreaterThan(10);
      expect(links.filter((link) => link !== address && !link.startsWith(`${address}/`))).toEqual([]);

      const res = await fetch(unsubscribe, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
      expect((await findSubscriptionByEmail(store, readerAddress(1)))?.status).toBe('unsubscribed');
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect((await serve.result).code).toBe(0);
  }, 60_000);

  it('makes its links with BASE_URL when it is set, whatever serve recorded', async () => {
    await seedConfirmedSubscribers(store, 1);
    await recordServedAddress(store, 'http://127.0.0.1:4101', new Date());
    await start();
    expect((await runCli(['digest', 'send'], env)).code).toBe(0);
    const { links } = await digestLinks();
    expect(links.filter((link) => link !== 'https://papers.test' && !link.startsWith('https://papers.test/'))).toEqual([]);
  }, 60_000);

  it('ranks the For you section by meaning with the embedding model serve loads', async () => {
    const embedding = await startEmbeddingServer();
    try {
      // A member who saved papers on expert routing; today, a paper on that topic in other words.
      const routers = paperRecord({
        id: '2603.00100',
        title: 'Learned Routers Dispatch Inputs by Expertise',
        abstract: 'Routers dispatch each input according to expertise.',
        authors: ['Iris Wong'],
        categories: ['cs.NE'],
        publishedAt: `${today}T00:00:00.000Z`,
      });
      await savePapers(store, [...LIBRARY, routers], { feedCategories: [], now: new Date() });
      const member = await signUp(store, { email: readerAddress(1), password: 'a password', displayName: 'Reader' }, new Date());
      await saveToLibrary(
        store,
        member,
        LIBRARY.map((p) => p.id),
        new Date(),
      );
      await seedConfirmedSubscribers(store, 1);
      await store.db.updateTable('subscriptions').set({ user_id: member.id }).where('email', '=', readerAddress(1)).execute();
      // Paper vectors stored as `dailypapers embed` stores them; by words alone the paper is not for her.
      const model = { EMBEDDING_URL: embedding.url, EMBEDDING_MODEL: 'topics-7', EMBEDDING_DIMENSIONS: String(DIMENSIONS) };
      await embedMissingPapers(store, openAiEmbedder({ baseUrl: embedding.url, model: 'topics-7', dimensions: DIMENSIONS }));
      const searchIndex = new SearchIndex(store, { logger: pino({ level: 'silent' }) });
      const byWords = await forYouSection(searchIndex, member.id, { from: today, to: today }, []);
      expect(byWords.map((item) => item.paper.id)).not.toContain(routers.id);

      await start();
      expect(await runCli(['digest', 'send'], { ...env, ...model })).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('sent 1, failed 0'),
      });
      const mail = await parseMail(server.received[0]!);
      expect(mail.text!.slice(mail.text!.indexOf('For you'))).toContain(
        [
          routers.title,
          '   Why: close in meaning to “Expert Routing Under Memory Budgets” you saved',
          `   https://papers.test/papers/${routers.id}`,
        ].join('\n'),
      );
    } finally {
      await embedding.close();
    }
  }, 60_000);

  it('stops with the reason when the embedding model cannot load, as serve does, and sends nothing', async () => {
    await seedConfirmedSubscribers(store, 1);
    await start();
    const result = await runCli(['digest', 'send'], { ...env, EMBEDDING_MODEL: 'local:/nonexistent' });
    expect(result.stderr).toMatch(/^dailypapers: EMBEDDING_MODEL: cannot load the model \/nonexistent: .+\n$/);
    expect(result.code).toBe(2);
    expect(server.received).toHaveLength(0);
  }, 60_000);
});
