/**
 * SIGTERM drains before `serve` closes: `/readyz` answers 503 `stopping` at once (a load
 * balancer takes the replica out), pages are still served meanwhile with `Connection: close`
 * (no kept-alive connection is left to reuse), then the process exits 0. Ctrl-C does not wait.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logMessages, startCli } from '../support/cli.ts';
import { freePort, waitForHealth } from '../support/net.ts';

/** One GET on its own connection (fetch would pool it): status, Connection header, body. */
function get(url: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('serve on SIGTERM', () => {
  it('says 503 stopping on /readyz at once, keeps answering for SHUTDOWN_DRAIN_SECONDS, then exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child, result } = startCli(['serve', '--port', String(port)], {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-drain-')),
      SHUTDOWN_DRAIN_SECONDS: '3',
      LOG_LEVEL: 'info',
    });
    await waitForHealth(url, 60_000);
    expect((await get(`${url}/readyz`)).status).toBe(200);
    const signalled = performance.now();
    child.kill('SIGTERM');
    // The signal arrives asynchronously: the first answer after it says stopping.
    let readyz = await get(`${url}/readyz`);
    while (readyz.status === 200 && performance.now() - signalled < 2_000) readyz = await get(`${url}/readyz`);
    expect(readyz).toMatchObject({ status: 503, connection: 'close' });
    expect(JSON.parse(readyz.body)).toEqual({
      status: 'stopping',
      error: 'the service is shutting down; requests are still answered meanwhile',
    });
    const page = await get(`${url}/papers`);
    expect(page).toMatchObject({ status: 200, connection: 'close' });
    const { code, stdout } = await result;
    expect(code).toBe(0);
    expect(performance.now() - signalled).toBeGreaterThanOrEqual(3_000);
    const messages = logMessages(stdout);
    expect(messages.indexOf('draining: /readyz answers 503, requests are still served')).toBeLessThan(
      messages.indexOf('shutting down'),
    );
  }, 90_000);

  it('stops without draining on Ctrl-C (SIGINT)', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child, result } = startCli(['serve', '--port', String(port)], {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-drain-')),
      SHUTDOWN_DRAIN_SECONDS: '30',
      LOG_LEVEL: 'info',
    });
    await waitForHealth(url, 60_000);
    const signalled = performance.now();
    child.kill('SIGINT');
    const { code, stdout } = await result;
    expect(code).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(30_000);
    expect(logMessages(stdout)).not.toContain('draining: /readyz answers 503, requests are still served');
  }, 90_000);
});
