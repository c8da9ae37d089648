import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startCli, waitForHealth } from '../support/cli.ts';

describe('dailypapers serve', () => {
  it('starts on SQLite in an empty data folder with no other setup, serves pages, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dp-serve-'));
    const port = await freePort();
    const { child, result } = startCli(['serve', '--port', String(port)], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(url);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const page = await fetch(`${url}/papers`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Daily Papers');
      expect(await (await fetch(`${url}/api/daily_papers`)).json()).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stdout } = await result;
    expect(code).toBe(0);
    // Structured JSON logs on stdout, one object a line.
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((l) => l.msg)).toContain('dailypapers is serving');
    expect(lines.map((l) => l.msg)).toContain('shutting down');
  });
});
