import { afterEach, describe, expect, it } from 'vitest';
import { PoliteHttpClient } from './http-client.ts';
import { fetchHfDaily } from './hf-daily-client.ts';
import { fakeClock, fixture, send, startServer, type TestServer } from './testdata/live/test-server.ts';

/** Six items as the API returns them; the 4th has no `paper.id`. */
const DAY: unknown[] = JSON.parse(fixture('hf-daily-2026-01-05.json'));
const GOOD_IDS = ['2601.01234', '2601.00987', '2601.01502', '2601.00411', '2601.01777'];
const REJECTED = [{ at: 4, reason: 'missing field "paper.id"' }];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Pages `items` the way the API does, by `p` and `limit`. */
async function hfServer(items: (p: number) => unknown[] = () => DAY): Promise<TestServer> {
  server = await startServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    const p = Number(params.get('p') ?? 0);
    const limit = Number(params.get('limit') ?? 50);
    send(res, 200, JSON.stringify(items(p).slice(p * limit, (p + 1) * limit)), { 'content-type': 'application/json' });
  });
  return server;
}

function client(clock = fakeClock()) {
  return new PoliteHttpClient({ minIntervalMs: 500, sleep: clock.sleep, now: clock.now });
}

describe('fetchHfDaily', () => {
  it('reads a day in one request when the page is not full, and maps every item', async () => {
    const s = await hfServer();
    const result = await fetchHfDaily({ client: client(), baseUrl: s.url, date: '2026-01-05' });
    expect(s.requests.map((r) => [r.path, r.params])).toEqual([
      ['/api/daily_papers', { date: '2026-01-05', p: '0', limit: '100' }],
    ]);
    expect(result.records.map((r) => r.id)).toEqual(GOOD_IDS);
    expect(result.rejected).toEqual(REJECTED);
    expect(result.records[0]).toMatchObject({
      title: 'Sparse Mixture Routing for Long-Context Language Models',
      authors: ['Ana Lima', 'Kenji Sato'],
      githubRepo: 'https://github.com/example/smr',
      sourceUpvotes: 87,
      feed: { day: '2026-01-05', rank: 1, submittedBy: 'akhaliq' },
    });
    // Positions count every item, rejected ones included, so ranks match HF's page.
    expect(result.records.map((r) => r.feed?.rank)).toEqual([1, 2, 3, 5, 6]);
  });

  it('pages with p while full pages come back, politely spaced', async () => {
    const s = await hfServer();
    const clock = fakeClock();
    const result = await fetchHfDaily({ client: client(clock), baseUrl: `${s.url}/`, date: '2026-01-05', pageSize: 2 });
    expect(s.requests.map((r) => r.params)).toEqual([0, 1, 2, 3].map((p) => ({ date: '2026-01-05', p: String(p), limit: '2' })));
    expect(result.records.map((r) => r.id)).toEqual(GOOD_IDS);
    expect(result.rejected).toEqual(REJECTED);
    expect(clock.sleeps).toEqual([500, 500, 500]);
  });

  it('stops at the first short page', async () => {
    const s = await hfServer();
    const result = await fetchHfDaily({ client: client(), baseUrl: s.url, date: '2026-01-05', pageSize: 4 });
    expect(s.requests.map((r) => r.params.p)).toEqual(['0', '1']);
    expect(result.records).toHaveLength(5);
  });

  it('keeps one copy of a paper that moved to the next page between requests', async () => {
    // Page 1 is served from a list where the 2nd paper has dropped below the 3rd.
    const reordered = [DAY[0], DAY[2], DAY[1], DAY[4], DAY[5]];
    const s = await hfServer((p) => (p === 0 ? DAY.slice(0, 2) : reordered));
    const result = await fetchHfDaily({ client: client(), baseUrl: s.url, date: '2026-01-05', pageSize: 2 });
    expect(s.requests.map((r) => r.params.p)).toEqual(['0', '1', '2']);
    expect(result.records.map((r) => r.id)).toEqual(['2601.01234', '2601.00987', '2601.00411', '2601.01777']);
  });

  it('refuses a date that is not a calendar day without calling the API', async () => {
    const s = await hfServer();
    await expect(fetchHfDaily({ client: client(), baseUrl: s.url, date: '2026-02-30' })).rejects.toThrow(RangeError);
    expect(s.requests).toHaveLength(0);
  });

  it('fails clearly when the body is not a JSON array', async () => {
    server = await startServer((_req, res) => send(res, 200, '{"error":"Invalid date"}'));
    await expect(fetchHfDaily({ client: client(), baseUrl: server.url, date: '2026-01-05' })).rejects.toThrow(
      /expected a JSON array from http:\/\/127\.0\.0\.1:\d+\/api\/daily_papers\?date=2026-01-05&p=0&limit=100, got object/,
    );
  });
});
