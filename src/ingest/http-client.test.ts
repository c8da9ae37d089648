import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, HttpNetworkError, PoliteHttpClient, parseRetryAfter, type PoliteHttpClientOptions } from './http-client.ts';
import { closedPortUrl, fakeClock, send, startServer, type Handler, type TestServer } from './testdata/live/test-server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

function client(clock: ReturnType<typeof fakeClock>, options: PoliteHttpClientOptions = {}): PoliteHttpClient {
  return new PoliteHttpClient({
    minIntervalMs: 0,
    baseBackoffMs: 1000,
    maxAttempts: 3,
    timeoutMs: 5000,
    random: () => 0,
    sleep: clock.sleep,
    now: clock.now,
    ...options,
  });
}

/** Responds with `first` to the first `times` requests, then 200 "ok". */
function failing(times: number, first: Handler): Handler {
  return (req, res, n) => (n < times ? first(req, res, n) : send(res, 200, 'ok'));
}

describe('PoliteHttpClient', () => {
  it('returns the whole body and identifies itself', async () => {
    const s = await serve((_req, res) => send(res, 200, '<OAI-PMH>é</OAI-PMH>'));
    const clock = fakeClock();
    const text = await client(clock, { userAgent: 'dailypapers-test/1 (mailto:ops@example.org)' }).getText(
      `${s.url}/oai?verb=Identify`,
    );
    expect(text).toBe('<OAI-PMH>é</OAI-PMH>');
    expect(s.requests[0]?.headers['user-agent']).toBe('dailypapers-test/1 (mailto:ops@example.org)');
    expect(clock.sleeps).toEqual([]);
  });

  it('honours 503 Retry-After in seconds', async () => {
    const s = await serve(failing(1, (_q, res) => send(res, 503, 'busy', { 'retry-after': '5' })));
    const clock = fakeClock();
    expect(await client(clock).getText(s.url)).toBe('ok');
    expect(clock.sleeps).toEqual([5000]);
    expect(s.requests).toHaveLength(2);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const clock = fakeClock();
    const at = new Date(clock.now() + 7000).toUTCString();
    const s = await serve(failing(1, (_q, res) => send(res, 503, 'busy', { 'retry-after': at })));
    expect(await client(clock).getText(s.url)).toBe('ok');
    expect(clock.sleeps).toEqual([7000]);
  });

  it('honours 429 Retry-After, and backs off when 429 has none', async () => {
    const s = await serve((_q, res, n) =>
      n === 0
        ? send(res, 429, 'slow down', { 'retry-after': '2' })
        : n === 1
          ? send(res, 429, 'slow down')
          : send(res, 200, 'ok'),
    );
    const clock = fakeClock();
    expect(await client(clock).getText(s.url)).toBe('ok');
    expect(clock.sleeps).toEqual([2000, 2000]); // Retry-After 2 s, then backoff for attempt 2 = 1000 * 2
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const s = await serve(failing(1, (_q, res) => send(res, 503, 'busy', { 'retry-after': '86400' })));
    const clock = fakeClock();
    expect(await client(clock, { maxRetryAfterMs: 60_000 }).getText(s.url)).toBe('ok');
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('retries other 5xx with exponential backoff and jitter', async () => {
    const s = await serve(failing(2, (_q, res, n) => send(res, n === 0 ? 500 : 502, 'oops')));
    const clock = fakeClock();
    expect(await client(clock, { random: () => 0.5 }).getText(s.url)).toBe('ok');
    expect(clock.sleeps).toEqual([1250, 2500]);
  });

  it('gives up on a 5xx after maxAttempts with an HttpError', async () => {
    const s = await serve((_q, res) => send(res, 503, '<error>down for maintenance</error>'));
    const clock = fakeClock();
    const error = await client(clock)
      .getText(s.url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, attempts: 3, bodySnippet: '<error>down for maintenance</error>' });
    expect(s.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('does not retry a 4xx other than 429', async () => {
    const s = await serve((_q, res) => send(res, 404, '  <html>\n  Not   Found </html>'));
    const clock = fakeClock();
    const url = `${s.url}/api/papers/0000.00000`;
    const error = await client(clock)
      .getText(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, url, attempts: 1, bodySnippet: '<html> Not Found </html>' });
    expect(s.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a truncated body (Content-Length larger than sent, then the socket closes)', async () => {
    const truncate: Handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '100' });
      res.write('<OAI-PMH><ListRecords>', () => res.socket?.destroy());
    };
    const s = await serve(failing(1, truncate));
    const clock = fakeClock();
    expect(await client(clock).getText(s.url)).toBe('ok');
    expect(s.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);

    const always = await startServer(truncate);
    const error = await client(fakeClock())
      .getText(always.url)
      .catch((e: unknown) => e);
    await always.close();
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect(error).toMatchObject({ kind: 'truncated', attempts: 3 });
  });

  it('retries a connection dropped before any response', async () => {
    const s = await serve(failing(2, (req) => void req.socket.destroy()));
    const clock = fakeClock();
    expect(await client(clock).getText(s.url)).toBe('ok');
    expect(s.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('reports a connection dropped every time as reset', async () => {
    const s = await serve((req) => void req.socket.destroy());
    const error = await client(fakeClock())
      .getText(s.url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect(error).toMatchObject({ kind: 'reset', attempts: 3 });
    expect(s.requests).toHaveLength(3);
  });

  it('retries a refused connection, then reports it', async () => {
    const url = await closedPortUrl();
    const clock = fakeClock();
    const error = await client(clock)
      .getText(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect(error).toMatchObject({ kind: 'refused', attempts: 3, url: `${url}/` });
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('times out a server that never answers', async () => {
    const s = await serve(() => {}); // holds the request open
    const clock = fakeClock();
    const started = Date.now();
    const error = await client(clock, { timeoutMs: 100, maxAttempts: 2 })
      .getText(s.url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(s.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps minIntervalMs between request starts, retries included (injected clock)', async () => {
    const starts: number[] = [];
    const clock = fakeClock();
    const s = await serve((_q, res, n) => {
      starts.push(clock.now());
      send(res, n === 1 ? 500 : 200, 'x');
    });
    const c = client(clock, { minIntervalMs: 3000 });
    await c.getText(s.url); // t = 0
    await c.getText(s.url); // 500 at t = 3000, backoff 1000, then the interval's remaining 2000
    await c.getText(s.url);
    const t0 = starts[0]!;
    expect(starts.map((t) => t - t0)).toEqual([0, 3000, 6000, 9000]);
    expect(clock.sleeps).toEqual([3000, 1000, 2000, 3000]);
  });

  it('keeps minIntervalMs between request arrivals at the server (real clock, first connect included)', async () => {
    const s = await serve((_q, res) => send(res, 200, 'x'));
    const c = new PoliteHttpClient({ minIntervalMs: 50 });
    await Promise.all([1, 2, 3, 4].map((i) => c.getText(`${s.url}/?i=${i}`)));
    const starts = s.requests.map((r) => r.startedAt);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(48);
  });

  it('never has two requests in flight, and answers each caller in order', async () => {
    const s = await serve((req, res) => {
      setTimeout(() => send(res, 200, new URL(req.url ?? '', 'http://x').searchParams.get('i') ?? ''), 20);
    });
    const c = client(fakeClock());
    const bodies = await Promise.all([1, 2, 3, 4, 5].map((i) => c.getText(`${s.url}/?i=${i}`)));
    expect(bodies).toEqual(['1', '2', '3', '4', '5']);
    expect(s.maxInFlight()).toBe(1);
    expect(s.requests.map((r) => r.params.i)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('a failed request does not block the next one in the queue', async () => {
    const s = await serve((_q, res, n) => send(res, n === 0 ? 404 : 200, 'x'));
    const c = client(fakeClock());
    const [first, second] = await Promise.allSettled([c.getText(s.url), c.getText(s.url)]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: 'x' });
  });

  it('stops at once when the caller aborts', async () => {
    const s = await serve((_q, res) => send(res, 503, 'busy', { 'retry-after': '5' }));
    const controller = new AbortController();
    const clock = fakeClock();
    const c = client({
      ...clock,
      sleep: async (ms) => {
        await clock.sleep(ms);
        controller.abort(new Error('shutting down'));
      },
    });
    await expect(c.getText(s.url, { signal: controller.signal })).rejects.toThrow('shutting down');
    expect(s.requests).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    const now = Date.UTC(2026, 0, 5, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
