/**
 * Slow and silent clients, over raw sockets: a connection that sends nothing, one that trickles
 * its headers, one that trickles its body, and an idle kept-alive connection are all closed
 * when their deadline passes, and the server answers others meanwhile.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpTimeouts } from '../../src/web/server.ts';
import { buildTestServer } from '../support/web-server.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { testConfig } from '../web/fixtures.ts';

const TIMEOUTS: HttpTimeouts = { headersMs: 400, requestMs: 800, keepAliveMs: 300, idleMs: 2_000 };
/** Node checks deadlines every headersMs / 4; a loaded machine adds some more. */
const SLACK_MS = 100 + 400;

describe('server timeouts for slow clients', () => {
  let store: TestStore;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    app = await buildTestServer({ config: testConfig(), store, timeouts: TIMEOUTS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** Opens a socket, runs `talk` on it, and resolves when the server closes it: what it received and when. */
  function closedBy(talk: (socket: Socket) => void): Promise<{ received: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const started = performance.now();
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve({ received, ms: performance.now() - started }));
      socket.on('connect', () => talk(socket));
    });
  }

  /** Writes `text` one byte every `everyMs` until the socket closes. */
  function trickle(socket: Socket, text: string, everyMs: number): void {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || socket.writableEnded || i >= text.length) return clearInterval(timer);
      socket.write(text[i++]!);
    }, everyMs);
    socket.on('close', () => clearInterval(timer));
  }

  it('closes a connection that sends nothing once the header deadline passes, with a 408', async () => {
    const { received, ms } = await closedBy(() => undefined);
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUTS.headersMs - 50);
    expect(ms).toBeLessThan(TIMEOUTS.headersMs + SLACK_MS);
  });

  it('closes a connection that trickles its headers once the header deadline passes', async () => {
    const { received, ms } = await closedBy((socket) =>
      trickle(socket, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, 20),
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeLessThan(TIMEOUTS.headersMs + SLACK_MS);
  });

  it('closes a connection that trickles its body once the request deadline passes, with a 408', async () => {
    const body = JSON.stringify({ arxivId: '2603.00010', padding: 'x'.repeat(200) });
    const { received, ms } = await closedBy((socket) => {
      socket.write(
        `POST /api/papers/index HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      trickle(socket, body, 20);
    });
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUTS.requestMs - 50);
    expect(ms).toBeLessThan(TIMEOUTS.requestMs + SLACK_MS);
  });

  it('answers a kept-alive request, then closes the idle connection after the keep-alive timeout', async () => {
    let answered = 0;
    const { received, ms } = await closedBy((socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.once('data', () => (answered = performance.now()));
    });
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received).toContain('{"status":"ok"}');
    // Node 20 closes an idle kept-alive socket one second after keepAliveTimeout (a fixed buffer
    // against racing a client that is just reusing it).
    expect(ms).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveMs);
    expect(ms).toBeLessThan(TIMEOUTS.keepAliveMs + 1_000 + SLACK_MS);
    expect(answered).toBeGreaterThan(0);
  });

  it('keeps answering other clients while slow ones hold connections', async () => {
    const slow = Array.from({ length: 20 }, () => closedBy(() => undefined));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    await Promise.all(slow);
  });
});
