import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDay } from '../../src/core/dates.ts';
import { sendCounts } from '../../src/store/digests.ts';
import { runCli, startCli } from '../support/cli.ts';
import { seedConfirmedSubscribers, seedFeed } from '../support/digest-fixtures.ts';
import { copiesPerRecipient, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
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
});
