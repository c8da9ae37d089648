import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.ts';
import { freePort, waitForHealth } from '../support/net.ts';
import { writeTinyModel } from '../search/tiny-model.ts';

// An optional dependency: a keyword-only install (npm install --omit=optional) skips this.
const installed = (() => {
  try {
    createRequire(import.meta.url).resolve('@huggingface/transformers');
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'dp-local-model-'));
const model = join(dir, 'tiny-topics');
writeTinyModel(model);

// Words of the tiny model's topics (test/search/tiny-model.ts), chosen so that the two chemistry
// papers share no word: only meaning relates them, and no paper holds the word "chemistry".
const listing = (id: string, title: string, summary: string, category: string) =>
  JSON.stringify({ id, title, summary, authors: ['Ada Lovelace'], categories: [category], listing_date: '2026-03-02' });
const papers = join(dir, 'papers.jsonl');
writeFileSync(
  papers,
  [
    listing('2603.00001', 'Graph networks', 'We study graph networks.', 'cs.LG'),
    listing('2603.00002', 'Molecular molecules', 'Molecules, molecular.', 'physics.chem-ph'),
    listing('2603.00003', 'Quantum noise', 'Qubits and surface codes.', 'quant-ph'),
    listing('2603.00004', 'Sparse routing', 'Experts route tokens.', 'cs.LG'),
  ].join('\n') + '\n',
);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!installed)('EMBEDDING_MODEL=local:FOLDER through the real commands', () => {
  const env = { DATA_DIR: dir, EMBEDDING_MODEL: `local:${model}`, EMBEDDING_POOLING: 'mean' };

  it('embed gives every imported paper a vector from the folder, and serve searches and relates by meaning', async () => {
    expect((await runCli(['import', papers], env)).code).toBe(0);
    const embedded = await runCli(['embed'], env);
    expect(embedded.stdout).toMatch(/^embedded 4 of 4 papers in [\d.]+ s\n$/);
    expect(embedded.code).toBe(0);
    expect((await runCli(['embed'], env)).stdout).toMatch(/^embedded 0 of 4 papers /);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child, result } = startCli(['serve', '--port', String(port)], env);
    try {
      await waitForHealth(url);
      // No paper holds the word: the model's sense of the topic puts the two chemistry papers first.
      const search = (await (await fetch(`${url}/api/papers/search?q=chemistry`)).json()) as { paper: { id: string } }[];
      expect(
        search
          .map((item) => item.paper.id)
          .slice(0, 2)
          .sort(),
      ).toEqual(['2603.00001', '2603.00002']);
      const similar = (await (await fetch(`${url}/api/papers/2603.00001/similar`)).json()) as { id: string }[];
      expect(similar[0]!.id).toBe('2603.00002');
    } finally {
      child.kill('SIGTERM');
    }
    expect((await result).code).toBe(0);
  }, 180_000); // five real commands, each starting Node and loading the model: minutes on a loaded machine

  it('stops with one line naming the variable when the folder holds no model', async () => {
    const result = await runCli(['embed'], { ...env, EMBEDDING_MODEL: `local:${dir}` });
    expect(result.stderr).toMatch(new RegExp(`^dailypapers: EMBEDDING_MODEL: cannot load the model ${dir}: .+\\n$`));
    expect(result.code).toBe(2);
  });
});
