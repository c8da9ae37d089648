/**
 * One daily digest run to N confirmed subscribers through a local SMTP server: messages per
 * second and the sender's peak memory. The SMTP server (smtp-server, counting what it accepts)
 * and the sender (runDigest, as `digest send` runs it) are each a child process, so the figures
 * are the sender's own. The feed is the test fixtures' twelve papers: what is measured is the
 * sending, not the paper selection.
 *
 *   npm run bench:digest -- [--subscribers 10000] [--database-url postgres://…] [--runs 3]
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config/config.ts';
import { openStore } from '../src/db/connect.ts';
import { runDigest } from '../src/jobs/digest-run.ts';
import { createMailer } from '../src/mail/transport.ts';
import { SearchIndex } from '../src/search/index.ts';
import { DIGEST_NOW, seedConfirmedSubscribers, seedFeed } from '../test/support/digest-fixtures.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '1' },
    role: { type: 'string' },
    smtp: { type: 'string' },
  },
});

if (values.role === 'sink') await sink();
else if (values.role === 'send') await send(values['database-url']!, values.smtp!);
else await measure();

async function measure(): Promise<void> {
  const subscribers = Number(values.subscribers);
  for (let run = 1; run <= Number(values.runs); run++) {
    const databaseUrl =
      values['database-url'] ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'dp-bench-digest-')), 'bench.sqlite')}`;
    const store = await openStore(loadConfig({ DATABASE_URL: databaseUrl }).database);
    await store.db.deleteFrom('subscriptions').execute();
    await store.db.deleteFrom('feed_entries').execute();
    await seedFeed(store);
    await seedConfirmedSubscribers(store, subscribers);
    await store.close();

    const sinkProcess = fork(import.meta.filename, ['--role', 'sink'], { execArgv: ['--import', 'tsx'] });
    const smtpUrl = await message<string>(sinkProcess);
    const sender = fork(import.meta.filename, ['--role', 'send', '--database-url', databaseUrl, '--smtp', smtpUrl], {
      execArgv: ['--import', 'tsx'],
    });
    const result = await message<{ seconds: number; maxRssMb: number; sent: number }>(sender);
    sinkProcess.send('count');
    const received = await message<{ messages: number; recipients: number; duplicates: number }>(sinkProcess);
    sinkProcess.kill();
    console.log(
      `run ${run}: ${result.sent} sent in ${result.seconds.toFixed(2)} s = ${Math.round(result.sent / result.seconds)} messages/s; ` +
        `sender peak RSS ${result.maxRssMb} MB; server received ${received.messages} for ${received.recipients} addresses, ${received.duplicates} duplicates`,
    );
  }
}

/** The sender: the same call `digest send` makes, timed from the first claim to the last settle. */
async function send(databaseUrl: string, smtpUrl: string): Promise<void> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, SMTP_URL: smtpUrl, SECRET: 'bench', BASE_URL: 'https://papers.test' });
  const store = await openStore(config.database);
  const mailer = createMailer(config);
  const started = performance.now();
  const report = await runDigest(
    {
      store,
      mailer,
      searchIndex: new SearchIndex(store, { logger: pino({ level: 'warn' }) }),
      config,
      logger: pino({ level: 'warn' }),
    },
    { frequency: 'daily', now: DIGEST_NOW },
  );
  const seconds = (performance.now() - started) / 1000;
  mailer.close();
  await store.close();
  process.send!({ seconds, sent: report.sent, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  process.disconnect();
}

/** A local SMTP server that accepts everything and counts copies per recipient. */
async function sink(): Promise<void> {
  const copies = new Map<string, number>();
  let messages = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        messages += 1;
        for (const { address } of session.envelope.rcptTo) copies.set(address, (copies.get(address) ?? 0) + 1);
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.server.address() as { port: number };
    process.send!(`smtp://127.0.0.1:${port}`);
  });
  process.on('message', () => {
    const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    process.send!({ messages, recipients: copies.size, duplicates });
  });
}

function message<T>(child: ReturnType<typeof fork>): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before answering`)));
  });
}
