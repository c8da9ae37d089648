import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArxivPaper } from '../../src/ingest/arxiv-api-client.ts';
import { PoliteHttpClient } from '../../src/ingest/http-client.ts';
import { send, startServer, type TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { buildTestServer } from '../support/web-server.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { testConfig } from './fixtures.ts';

const now = new Date('2026-03-02T12:00:00Z');
const ATOM = new URL('../social/testdata/', import.meta.url);

describe.each(DIALECTS)('submits of unknown papers, %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let arxiv: TestServer;
  // arXiv answers only when the test lets it, so lookups stay under way as long as it needs.
  const held: (() => void)[] = [];
  const tokens: string[] = [];

  beforeAll(async () => {
    store = await openTestStore(dialect);
    arxiv = await startServer(async (req, res) => {
      const id = new URL(req.url!, 'http://x').searchParams.get('id_list')!;
      await new Promise<void>((resolve) => held.push(resolve));
      const file = id === '2602.01234' ? 'arxiv-2602.01234.xml' : 'arxiv-empty.xml';
      send(res, 200, readFileSync(new URL(file, ATOM), 'utf8'));
    });
    // Polite as in production, one request at a time, but without the 3 s pause.
    const client = new PoliteHttpClient({ minIntervalMs: 0, maxAttempts: 1, timeoutMs: 10_000 });
    app = await buildTestServer({
      config: testConfig(),
      store,
      logger: pino({ level: 'silent' }),
      responseCacheSeconds: 0,
      arxivLookup: (id) => fetchArxivPaper(client, `${arxiv.url}/api/query`, id),
      now: () => now,
    });
    for (let i = 0; i < 20; i++) {
      const member = await signUp(store, { email: `m${i}@example.org`, password: null }, now);
      tokens.push((await createApiToken(store, member.id, 't', now)).token);
    }
  });
  afterAll(async () => {
    held.splice(0).forEach((release) => release());
    await app.close();
    await arxiv.close();
    await store.close();
  });

  const submit = (token: string, arxivId: string) =>
    app.inject({
      method: 'POST',
      url: '/api/daily_papers',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ arxivId }),
    });
  /** Waits until arXiv has been asked `count` times in all and holds every open request. */
  const arxivHolds = async (count: number) => {
    while (arxiv.requests.length < count || held.length === 0) await new Promise((r) => setImmediate(r));
  };
  const releaseOne = () => held.shift()!();

  it('makes one lookup for 20 members submitting one unknown id at once', async () => {
    const answers = Promise.all(tokens.map((token) => submit(token, '2602.01234')));
    await arxivHolds(1);
    releaseOne();
    const statuses = (await answers).map((a) => a.statusCode).sort((a, b) => a - b);
    expect(statuses).toEqual([...Array(19).fill(200), 201]);
    expect(arxiv.requests.map((r) => r.params.id_list)).toEqual(['2602.01234']);
  });

  it('refuses a member’s second lookup at once (429), so another member is not queued behind it', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `2602.0${5000 + i}`);
    const answered: Awaited<ReturnType<typeof submit>>[] = [];
    const flood = ids.map((id) =>
      submit(tokens[0]!, id).then((a) => {
        answered.push(a);
        return a;
      }),
    );
    await arxivHolds(2);
    // Nine are refused while the first is still at arXiv.
    while (answered.length < 9) await new Promise((r) => setImmediate(r));
    expect(answered.map((a) => a.statusCode)).toEqual(Array(9).fill(429));
    expect(answered[0]!.headers['retry-after']).toBe('3');
    expect(answered[0]!.json().error).toMatch(
      /^you have a paper being looked up at arXiv; submit 2602\.05\d{3} when that is done$/,
    );

    const other = submit(tokens[1]!, '2602.06000');
    releaseOne();
    await arxivHolds(3);
    releaseOne();
    const looked = arxiv.requests.slice(1).map((r) => r.params.id_list!);
    // arXiv saw one of the flooder's ids, then the other member's: nothing queued between them.
    expect(looked).toHaveLength(2);
    expect(ids).toContain(looked[0]);
    expect(looked[1]).toBe('2602.06000');
    expect((await Promise.all(flood)).filter((a) => a.statusCode === 404).map((a) => a.json())).toEqual([
      { error: `arXiv has no paper ${looked[0]}` },
    ]);
    expect((await other).json()).toEqual({ error: 'arXiv has no paper 2602.06000' });
  });
});
