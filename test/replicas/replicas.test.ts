/**
 * Three `dailypapers serve` processes on one PostgreSQL behind Debian's HAProxy, configured by
 * deploy/haproxy.cfg itself: writes through one replica show on the others (search included)
 * within a second, a session and its CSRF token work on any replica, a scheduled tick runs
 * once across them, a rolling restart under load fails no request, and a replica killed during
 * a burst of writes loses none that it acknowledged. PostgreSQL only: replicas share a server.
 */
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { startArxiv } from '../web/community-fixtures.ts';
import { routing, saveFixtures, THREE_DAYS } from '../web/fixtures.ts';
import type { TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import {
  type Balancer,
  commentBurstWithKill,
  convergence,
  haproxyInstalled,
  type Replica,
  startBalancer,
  startReplica,
  stopReplica,
} from '../support/replicas.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const DAY = '2026-03-02';
const EMAIL = 'replica@example.org';
const PASSWORD = 'correct horse battery';

if (!haproxyInstalled) console.warn('test/replicas skipped: HAProxy is not installed (apt-get install haproxy; .ci/run does)');

describe.skipIf(!haproxyInstalled)('three replicas on one PostgreSQL behind HAProxy', () => {
  let store: TestStore;
  let arxiv: TestServer;
  let replicas: Replica[] = [];
  let balancer: Balancer;
  let token = '';
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    arxiv = await startArxiv();
    await saveFixtures(store, THREE_DAYS);
    const member = await signUp(store, { email: EMAIL, password: PASSWORD, emailVerified: true }, new Date());
    token = (await createApiToken(store, member.id, 'replicas', new Date())).token;
    env = {
      DATABASE_URL: store.url,
      SECRET: 'one secret for every replica',
      BASE_URL: 'http://papers.test',
      ARXIV_API_URL: `${arxiv.url}/api/query`,
      // Every second, so the test sees several ticks; each must run in one replica only.
      TRENDING_SCHEDULE: '* * * * * *',
      SHUTDOWN_DRAIN_SECONDS: '3',
      LOG_LEVEL: 'info',
    };
    replicas = await Promise.all([0, 1, 2].map(() => startReplica(env)));
    balancer = await startBalancer(replicas.map((replica) => replica.port));
  }, 180_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(replicas.map((replica) => stopReplica(replica)));
    await arxiv?.close();
    await store?.close();
  }, 30_000);

  const api = (replica: Replica, path: string, init: RequestInit = {}) =>
    fetch(`${replica.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });

  /** Milliseconds until every replica but the writer sees the write: at most one second. */
  const seenByOthers = (writer: Replica, seen: (replica: Replica) => Promise<boolean>) =>
    convergence(
      replicas.filter((replica) => replica !== writer),
      seen,
    );

  const dailyItem = async (replica: Replica) => {
    const items = (await (await fetch(`${replica.url}/api/daily_papers?date=${DAY}`)).json()) as {
      paper: { id: string; upvotes: number };
      numComments: number;
    }[];
    return items.find((item) => item.paper.id === routing.id)!;
  };

  it('shows a vote, a comment and an import made through one replica on every other within a second, search included', async () => {
    const [first, second, third] = replicas as [Replica, Replica, Replica];
    // Read first on every replica, so their response caches hold the list from before the write.
    const before = await dailyItem(second);
    await dailyItem(third);

    expect((await api(first, `/api/papers/${routing.id}/upvote`, { method: 'POST', body: '{}' })).status).toBe(200);
    await seenByOthers(first, async (replica) => (await dailyItem(replica)).paper.upvotes === before.paper.upvotes + 1);

    const comment = await api(second, `/api/papers/${routing.id}/comments`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Seen from every replica.' }),
    });
    expect(comment.status).toBe(201);
    await seenByOthers(second, async (replica) => (await dailyItem(replica)).numComments === before.numComments + 1);

    const search = (replica: Replica) =>
      fetch(`${replica.url}/api/papers/search?q=fresh`).then((r) => r.json() as Promise<unknown[]>);
    expect(await search(first)).toEqual([]);
    const imported = await api(third, '/api/papers/index', { method: 'POST', body: JSON.stringify({ arxivId: '2602.01234' }) });
    expect(imported.status).toBe(200);
    await seenByOthers(third, async (replica) =>
      (await search(replica)).some((item) => (item as { paper: { id: string } }).paper.id === '2602.01234'),
    );
  });

  it('accepts a session and its CSRF token made by one replica on another', async () => {
    const [first, second] = replicas as [Replica, Replica];
    const cookies = new Map<string, string>();
    const send = async (replica: Replica, path: string, form?: Record<string, string>) => {
      const response = await fetch(`${replica.url}${path}`, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      const body = await response.text();
      return {
        status: response.status,
        location: response.headers.get('location'),
        csrf: /name="_csrf" value="([^"]+)"/.exec(body)?.[1],
      };
    };
    const login = await send(first, '/login');
    expect((await send(first, '/login', { _csrf: login.csrf!, email: EMAIL, password: PASSWORD })).status).toBe(303);
    const page = await send(first, `/papers/${routing.id}`);
    expect(page.csrf).toBeTruthy();
    // Withdraws the upvote the first test made with the same member's token, through another replica.
    const withdrawn = await send(second, '/community/upvote', { _csrf: page.csrf!, paperId: routing.id, upvote: 'off' });
    expect(withdrawn).toMatchObject({ status: 303, location: `/papers/${routing.id}` });
    const state = (await (await api(first, `/api/papers/${routing.id}`)).json()) as { upvotes: number };
    expect(state.upvotes).toBe(routing.sourceUpvotes ?? 0);
    // A forged token is refused there too: the check is real, not skipped.
    expect((await send(second, '/community/upvote', { _csrf: 'forged', paperId: routing.id, upvote: 'on' })).status).toBe(403);
  });

  it('runs each scheduled trending tick in one replica only', () => {
    const ticks = replicas.flatMap((replica) =>
      replica.log
        .map((line) => JSON.parse(line) as { msg: string; tick?: string })
        .filter((entry) => entry.msg === 'trending recomputed' && entry.tick !== 'start-up')
        .map((entry) => entry.tick!),
    );
    // The replicas have run for several seconds by now: several ticks, none twice.
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('restarts every replica in turn under load through the balancer without failing a request', async () => {
    let finish!: (result: autocannon.Result) => void;
    const finished = new Promise<autocannon.Result>((resolve) => (finish = resolve));
    const load = autocannon(
      {
        url: balancer.url,
        connections: 4,
        // Steady traffic, not saturation: on two shared cores a saturated pair of replicas
        // starves the restarting one's start-up (which is what is being shown, not throughput).
        overallRate: 100,
        duration: 600,
        requests: [
          { method: 'GET', path: '/papers' },
          { method: 'GET', path: `/api/daily_papers?date=${DAY}` },
          { method: 'GET', path: `/papers/${routing.id}` },
          {
            method: 'POST',
            path: `/api/papers/${routing.id}/upvote`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: '{}',
          },
        ],
      },
      (error, result) => (error ? Promise.reject(error) : finish(result)),
    );
    for (const [i, replica] of replicas.entries()) {
      const exit = await stopReplica(replica, 'SIGTERM');
      expect(exit, exit.stderr).toMatchObject({ code: 0 });
      replicas[i] = await startReplica(env, replica);
      // The balancer takes it back after two passed checks (rise 2, inter 1 s).
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    load.stop();
    const result = await finished;
    expect(result.requests.sent).toBeGreaterThan(100);
    expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    });
    // A start takes ~5 s on a quiet machine, 45 s at a load average of 18 (two cores shared).
  }, 300_000);

  it('loses no acknowledged write when a replica is killed mid-burst', async () => {
    const { acknowledged } = await commentBurstWithKill({
      balancer,
      token,
      paperId: routing.id,
      victim: replicas[0]!,
      total: 150,
      killAfter: 30,
    });
    const rows = await store.db.selectFrom('comments').select('id').where('text', 'like', 'burst %').execute();
    const stored = new Set(rows.map((row) => Number(row.id)));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(100);
    // No half-write: the paper's comment count is derived in the same transaction as the comment.
    const paper = await store.db
      .selectFrom('papers')
      .select('num_comments')
      .where('id', '=', routing.id)
      .executeTakeFirstOrThrow();
    const visible = await store.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('paper_id', '=', routing.id)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(paper.num_comments)).toBe(Number(visible.count));
  }, 60_000);
});
