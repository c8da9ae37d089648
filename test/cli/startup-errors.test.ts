import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

// Each way a command cannot start ends in one line naming the cause and the fix, never a stack.
describe('a command that cannot start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-startup-'));

  it('refuses a BASE_URL without a scheme, saying how to write it', async () => {
    const result = await runCli(['digest', 'send'], { DATA_DIR: dataDir, BASE_URL: 'papers.example.org' });
    expect(result.stderr).toBe(
      'dailypapers: BASE_URL: "papers.example.org" has no scheme: write it as https://papers.example.org (or http://papers.example.org)\n',
    );
    expect(result.code).toBe(2);
  });
});
