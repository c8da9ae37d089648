import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Embedder, embedMissingPapers, localEmbedder, searchPapers, similarPapers } from '../../src/search/index.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { molecules, quantum, seedSearchCorpus } from './fixtures.ts';
import { TINY_DIMENSIONS, writeTinyModel } from './tiny-model.ts';

// An optional dependency: a keyword-only install (npm install --omit=optional) skips these.
const installed = (() => {
  try {
    createRequire(import.meta.url).resolve('@huggingface/transformers');
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!installed)('localEmbedder with a tiny ONNX model made by the test', () => {
  let folder: string;
  let embedder: Embedder;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'dp-model-'));
    writeTinyModel(join(folder, 'tiny-topics'));
    embedder = await localEmbedder({
      model: join(folder, 'tiny-topics'),
      dimensions: TINY_DIMENSIONS,
      pooling: 'mean',
      batchSize: 2,
    });
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('loads from a folder, tokenizes, mean-pools over real tokens and normalises', async () => {
    expect(embedder.id).toBe('tiny-topics');
    const [quantumNoise, chemistry, unknown] = await embedder.embed([
      'Quantum noise',
      'graph molecules chemistry',
      'nothing known',
    ]);
    // [CLS] quantum noise [SEP]: two topic tokens, two special ones.
    const half = Math.SQRT1_2;
    expect(Array.from(quantumNoise!)).toEqual([0, 0, 0, half, 0, half].map(Math.fround));
    expect(Array.from(chemistry!).map((x) => x.toFixed(4))).toEqual(['0.0000', '0.0000', '0.0000', '0.0000', '0.8321', '0.5547']);
    expect(Array.from(unknown!)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('refuses a folder without a model with a message naming it', async () => {
    await expect(localEmbedder({ model: folder, dimensions: 6 })).rejects.toThrow(`cannot load the model ${folder}`);
  });

  describe.each(DIALECTS)('stored and fused on %s', (dialect) => {
    const t = useTestStore(dialect, seedSearchCorpus);

    it('embeds the papers, then finds and relates them by meaning', async () => {
      expect(await embedMissingPapers(t.store, embedder)).toEqual({ seen: 7, embedded: 7 });
      const semantic = { embedder, vectorRefreshMs: 0 };
      const result = await searchPapers(t.searchIndex, { q: 'chemistry', limit: 2 }, { semantic });
      expect(result.semantic).toBe(true);
      expect(result.items[0]!.paper.id).toBe(molecules.id);
      expect((await similarPapers(t.searchIndex, quantum.id, 1, { semantic })).items[0]!.score).toBeLessThan(1);
    });
  });
});
