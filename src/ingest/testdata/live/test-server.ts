/**
 * A real HTTP server on 127.0.0.1 for the ingest tests: each test scripts the responses and
 * then reads back what the client actually sent, when, and how many requests overlapped.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface SeenRequest {
  path: string;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  startedAt: number;
}

/** `n` counts requests from 0 in arrival order. */
export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  maxInFlight: () => number;
  close: () => Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const n = requests.length;
    requests.push({
      path: url.pathname,
      params: Object.fromEntries(url.searchParams),
      headers: req.headers,
      startedAt: performance.now(),
    });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    void Promise.resolve(handler(req, res, n)).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just listening and is now closed, so connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', ...headers });
  res.end(body);
}

export function fixture(name: string): string {
  return readFileSync(new URL(name, import.meta.url), 'utf8');
}

/**
 * A clock that only moves when the client sleeps, so waits are asserted exactly and no test
 * waits real seconds. Starts on a whole second so HTTP-dates round-trip.
 */
export function fakeClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)) {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

/**
 * Items of the fixture day `hf-daily-2026-01-05.json` (the 4th has no `paper.id`) moved to
 * `day`, as Hugging Face's API would list them on that day.
 */
export function hfItemsOn(day: string, positions: number[]): unknown[] {
  const items = JSON.parse(fixture('hf-daily-2026-01-05.json')) as unknown[];
  return positions.map((p) => JSON.parse(JSON.stringify(items[p]).replaceAll('2026-01-05T', `${day}T`)) as unknown);
}

/** The fixture page of the three-page OAI-PMH `cs` list that a request asks for, by its resumption token. */
export function oaiPageFor(params: URLSearchParams): string {
  const token = params.get('resumptionToken') ?? '';
  const page = token.endsWith('skip%3D6') || token.endsWith('skip=6') ? 3 : token ? 2 : 1;
  return fixture(`oai-cs-page${page}.xml`);
}
