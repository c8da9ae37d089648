/**
 * Upvote toggles through the API under autocannon: 100 members, each with an API token,
 * upvoting and un-upvoting one paper over 50 connections. The server runs in a child process
 * (SQLite by default, or --database-url); afterwards the paper's count is checked against
 * the votes table.
 *
 *   node --import tsx bench/upvotes.ts [--seconds 10] [--connections 50] [--database-url postgres://…]
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { paperRecord } from '../src/core/paper.ts';
import { openStore } from '../src/db/connect.ts';
import { createApiToken, signUp } from '../src/social/accounts.ts';
import { savePapers } from '../src/ingest/save-papers.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import { buildServer } from '../src/web/server.ts';

const PAPER = '2603.00001';
const MEMBERS = 100;
const SOURCE_UPVOTES = 10;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'database-url': { type: 'string' },
    serve: { type: 'boolean', default: false },
  },
});

if (values.serve) await serve();
else await measure();

/** Child process: a fresh store with one paper and 100 members, and the app listening. */
async function serve() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-upvotes-'));
  const config = loadConfig({
    DATA_DIR: dir,
    SECRET: 'bench',
    LOG_LEVEL: 'silent',
    ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
  });
  const store = await openStore(config.database);
  const now = new Date();
  await savePapers(
    store,
    [paperRecord({ id: PAPER, title: 'Benchmark paper', categories: ['cs.CL'], sourceUpvotes: SOURCE_UPVOTES })],
    { feedCategories: [], now },
  );
  const tokens: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const user = await signUp(store, { email: `m${i}@bench.test`, password: null, displayName: `Member ${i}` }, now);
    tokens.push((await createApiToken(store, user.id, 'bench', now)).token);
  }
  const logger = pino({ level: 'silent' });
  const app = await buildServer({ config, store, logger, ...(await buildServiceParts({ config, store, logger })) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', async () => {
    // Requests autocannon abandoned at the end may still be running: let them finish, then read
    // the count and the rows in one statement (one snapshot).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const row = await store.db
      .selectFrom('papers')
      .select((eb) => [
        'upvotes',
        eb
          .selectFrom('votes')
          .select((v) => v.fn.countAll<number>().as('n'))
          .where('votes.paper_id', '=', PAPER)
          .as('votes'),
      ])
      .where('id', '=', PAPER)
      .executeTakeFirstOrThrow();
    process.send!({ upvotes: row.upvotes, votes: Number(row.votes) });
  });
  process.send!({ port: (app.server.address() as { port: number }).port, tokens, dialect: store.dialect });
}

async function measure() {
  const child = fork(new URL(import.meta.url).pathname, [...process.argv.slice(2), '--serve'], { execArgv: ['--import', 'tsx'] });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const { port, tokens, dialect } = (await next()) as { port: number; tokens: string[]; dialect: string };
  // Request n goes to member n mod 100 and alternates up and down for that member.
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    requests: [
      {
        setupRequest: (request) => {
          const i = n++;
          const method = Math.floor(i / MEMBERS) % 2 === 0 ? 'POST' : 'DELETE';
          return {
            ...request,
            method,
            path: `/api/papers/${PAPER}/upvote`,
            headers: { authorization: `Bearer ${tokens[i % MEMBERS]}` },
          };
        },
      },
    ],
  });
  child.send('count');
  const { upvotes, votes } = (await next()) as { upvotes: number; votes: number };
  const exact = upvotes === SOURCE_UPVOTES + votes;
  process.stdout.write(
    `${dialect}: ${result.requests.total} toggles, ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}; afterwards upvotes ${upvotes} = ${SOURCE_UPVOTES} + ${votes} votes: ${exact ? 'exact' : 'WRONG'}\n`,
  );
  child.kill();
  if (!exact) process.exitCode = 1;
}
