import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { semanticOf } from '../../src/cli/semantic.ts';

const base = { DATA_DIR: '/tmp/dailypapers-config-test', LOG_LEVEL: 'silent' };
const full = { EMBEDDING_URL: 'http://127.0.0.1:11434', EMBEDDING_MODEL: 'nomic-embed-text', EMBEDDING_DIMENSIONS: '768' };

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    return error instanceof ConfigError ? error.variable : 'other';
  }
  return null;
};

describe('embedding configuration', () => {
  it('is off when no variable is set', async () => {
    const config = loadConfig(base);
    expect(config.embedding).toBeNull();
    expect(await semanticOf(config)).toBeNull();
  });

  it('gives an OpenAI-compatible embedder of the model when all three are set', async () => {
    const config = loadConfig({ ...base, ...full });
    expect(config.embedding).toEqual({
      kind: 'server',
      url: 'http://127.0.0.1:11434',
      model: 'nomic-embed-text',
      dimensions: 768,
    });
    expect((await semanticOf(config))?.embedder.dimensions).toBe(768);
  });

  it('reads local:PATH as a model run in process, its folder made absolute, pooling cls unless told', () => {
    expect(loadConfig({ ...base, EMBEDDING_MODEL: 'local:.' }).embedding).toEqual({
      kind: 'local',
      model: process.cwd(),
      dimensions: null,
      pooling: 'cls',
    });
    expect(
      loadConfig({
        ...base,
        EMBEDDING_MODEL: 'local:Xenova/bge-small-en-v1.5',
        EMBEDDING_DIMENSIONS: '384',
        EMBEDDING_POOLING: 'mean',
      }).embedding,
    ).toEqual({ kind: 'local', model: 'Xenova/bge-small-en-v1.5', dimensions: 384, pooling: 'mean' });
  });

  it.each([
    [{ EMBEDDING_URL: full.EMBEDDING_URL, EMBEDDING_MODEL: full.EMBEDDING_MODEL }, 'EMBEDDING_DIMENSIONS'],
    [{ EMBEDDING_MODEL: full.EMBEDDING_MODEL, EMBEDDING_DIMENSIONS: '768' }, 'EMBEDDING_URL'],
    [{ ...full, EMBEDDING_DIMENSIONS: 'many' }, 'EMBEDDING_DIMENSIONS'],
    [{ ...full, EMBEDDING_DIMENSIONS: '0' }, 'EMBEDDING_DIMENSIONS'],
    [{ ...full, EMBEDDING_URL: 'ftp://example.org' }, 'EMBEDDING_URL'],
    [{ EMBEDDING_MODEL: 'local:' }, 'EMBEDDING_MODEL'],
    [{ EMBEDDING_MODEL: 'local:.', EMBEDDING_URL: full.EMBEDDING_URL }, 'EMBEDDING_URL'],
    [{ EMBEDDING_MODEL: 'local:.', EMBEDDING_POOLING: 'max' }, 'EMBEDDING_POOLING'],
    [{ ...full, EMBEDDING_POOLING: 'mean' }, 'EMBEDDING_POOLING'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(refusal(env)).toBe(variable);
  });
});
