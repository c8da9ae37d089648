/**
 * Three `serve` replicas on one PostgreSQL behind HAProxy (deploy/haproxy.cfg), with the shared
 * arXiv listings imported: how long a write through one replica takes to show on the other two
 * (votes and comments in the cached daily list, an indexed paper in search), then a rolling
 * restart under autocannon through the balancer and a replica killed during a burst of writes.
 * Prints requests sent and failed and the convergence times (median and max).
 *
 *   npm run bench:replicas -- [--data ../shared/data] [--writes 30] [--rate 200]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createApiToken, signUp } from '../src/social/accounts.ts';
import { runCli } from '../test/support/cli.ts';
import {
  commentBurstWithKill,
  convergence,
  haproxyInstalled,
  type Replica,
  startBalancer,
  startReplica,
  stopReplica,
} from '../test/support/replicas.ts';
import { openTestStore } from '../test/support/stores.ts';
import { readFileSync } from 'node:fs';
import { paperRecord } from '../src/core/paper.ts';
import { savePapers } from '../src/ingest/save-papers.ts';
import { send, startServer } from '../src/ingest/testdata/live/test-server.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    writes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '200' },
  },
});
if (!haproxyInstalled) throw new Error('HAProxy is not installed: apt-get install haproxy');

const DAY = '2026-03-02';
/** The paper every write goes to: on the day's feed, so its list is the cached one. */
const routing = paperRecord({
  id: '2603.99001',
  title: 'Replicas Agree Within a Second',
  abstract: 'A paper the replica benchmark votes on and comments.',
  authors: ['Ana Lima'],
  categories: ['cs.DC'],
  publishedAt: '2026-03-01T17:00:00.000Z',
  feed: { day: DAY, rank: 1, submittedBy: null },
});
const store = await openTestStore('postgres');
// A local arXiv API that knows one paper (the community tests' fixture), for `POST /api/papers/index`.
const atom = (name: string) => readFileSync(new URL(`../test/social/testdata/${name}`, import.meta.url), 'utf8');
const arxiv = await startServer((req, res) => {
  const id = new URL(req.url!, 'http://x').searchParams.get('id_list');
  send(res, 200, atom(id === '2602.01234' ? 'arxiv-2602.01234.xml' : 'arxiv-empty.xml'));
});
const replicas: Replica[] = [];
try {
  const file = join(values.data, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
  let at = performance.now();
  const imported = await runCli(['import', file], { DATABASE_URL: store.url, LOG_LEVEL: 'warn' });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr.slice(-2000)}`);
  console.log(`imported ${file} in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  await savePapers(store, [routing], { feedCategories: [], now: new Date() });
  const member = await signUp(
    store,
    { email: 'bench@example.org', password: 'correct horse battery', emailVerified: true },
    new Date(),
  );
  const token = (await createApiToken(store, member.id, 'bench', new Date())).token;
  const env = {
    DATABASE_URL: store.url,
    SECRET: 'bench secret',
    BASE_URL: 'http://papers.test',
    ARXIV_API_URL: `${arxiv.url}/api/query`,
    SHUTDOWN_DRAIN_SECONDS: '3',
  };
  at = performance.now();
  // Each joins the list as it is ready, so `finally` stops every one that started.
  await Promise.all([0, 1, 2].map(async () => replicas.push(await startReplica(env))));
  console.log(`three replicas ready in ${((performance.now() - at) / 1000).toFixed(1)} s (search index built from the database)`);
  const balancer = await startBalancer(replicas.map((replica) => replica.port));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const daily = async (replica: Replica) =>
    (
      (await (await fetch(`${replica.url}/api/daily_papers?date=${DAY}`)).json()) as {
        paper: { id: string; upvotes: number };
        numComments: number;
      }[]
    ).find((item) => item.paper.id === routing.id)!;
  const times: number[] = [];
  for (let i = 0; i < Number(values.writes); i++) {
    const writer = replicas[i % 3]!;
    const others = replicas.filter((replica) => replica !== writer);
    await Promise.all(others.map(daily)); // their caches hold the list from before the write
    if (i % 2 === 0) {
      const before = (await daily(writer)).paper.upvotes;
      const up = (await daily(writer)).paper.upvotes === before && i % 4 === 0;
      const answer = await fetch(`${writer.url}/api/papers/${routing.id}/upvote`, {
        method: up ? 'POST' : 'DELETE',
        headers,
        body: '{}',
      });
      const { upvotes } = (await answer.json()) as { upvotes: number };
      times.push(await convergence(others, async (replica) => (await daily(replica)).paper.upvotes === upvotes, 5_000));
    } else {
      const answer = await fetch(`${writer.url}/api/papers/${routing.id}/comments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ text: `bench ${i}` }),
      });
      if (answer.status !== 201) throw new Error(`comment answered ${answer.status}`);
      const count = (await daily(writer)).numComments;
      times.push(await convergence(others, async (replica) => (await daily(replica)).numComments >= count, 5_000));
    }
  }
  const indexed = await fetch(`${replicas[0]!.url}/api/papers/index`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ arxivId: '2602.01234' }),
  });
  if (indexed.status !== 200) throw new Error(`index answered ${indexed.status}`);
  const searchMs = await convergence(
    replicas.slice(1),
    async (replica) =>
      ((await (await fetch(`${replica.url}/api/papers/search?q=fresh%20result`)).json()) as { paper: { id: string } }[]).some(
        (item) => item.paper.id === '2602.01234',
      ),
    5_000,
  );
  times.sort((a, b) => a - b);
  console.log(
    `convergence over ${times.length} writes (votes, comments): median ${times[times.length >> 1]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms; an indexed paper in search: ${searchMs.toFixed(0)} ms`,
  );

  let finish!: (result: autocannon.Result) => void;
  const finished = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const load = autocannon(
    {
      url: balancer.url,
      connections: 10,
      overallRate: Number(values.rate),
      duration: 900,
      requests: [
        { method: 'GET', path: '/papers' },
        { method: 'GET', path: `/api/daily_papers?date=${DAY}` },
        { method: 'GET', path: `/papers/${routing.id}` },
        { method: 'GET', path: '/api/papers/search?q=language%20models' },
        { method: 'POST', path: `/api/papers/${routing.id}/upvote`, headers, body: '{}' },
      ],
    },
    (error, result) => (error ? Promise.reject(error) : finish(result)),
  );
  at = performance.now();
  for (const [i, replica] of replicas.entries()) {
    const exit = await stopReplica(replica);
    if (exit.code !== 0) throw new Error(`replica exited ${exit.code}: ${exit.stderr}`);
    replicas[i] = await startReplica(env, replica);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
  }
  load.stop();
  const result = await finished;
  console.log(
    `rolling restart (${((performance.now() - at) / 1000).toFixed(0)} s, ${values.rate} req/s offered): sent ${result.requests.sent}, failed ${result.non2xx + result.errors + result.timeouts} (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}); statuses ${JSON.stringify(result.statusCodeStats)}`,
  );

  const { sent, acknowledged } = await commentBurstWithKill({
    balancer,
    token,
    paperId: routing.id,
    victim: replicas[1]!,
    total: 300,
    killAfter: 60,
  });
  const stored = new Set(
    (await store.db.selectFrom('comments').select('id').where('text', 'like', 'burst %').execute()).map((row) => Number(row.id)),
  );
  console.log(
    `SIGKILL during a burst: ${sent} writes sent, ${acknowledged.length} acknowledged, ${acknowledged.filter((id) => !stored.has(id)).length} of those lost, ${stored.size - acknowledged.length} stored without an answer`,
  );
  await balancer.stop();
} finally {
  await Promise.all(replicas.map((replica) => stopReplica(replica)));
  await arxiv.close();
  await store.close();
}
