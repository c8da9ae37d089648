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
  it('is off when no variable is set', () => {
    const config = loadConfig(base);
    expect(config.embedding).toBeNull();
    expect(semanticOf(config)).toBeNull();
  });

  it('gives an OpenAI-compatible embedder of the model when all three are set', () => {
    const config = loadConfig({ ...base, ...full });
    expect(config.embedding).toEqual({ url: 'http://127.0.0.1:11434', model: 'nomic-embed-text', dimensions: 768 });
    expect(semanticOf(config)?.embedder.dimensions).toBe(768);
  });

  it.each([
    [{ EMBEDDING_URL: full.EMBEDDING_URL, EMBEDDING_MODEL: full.EMBEDDING_MODEL }, 'EMBEDDING_DIMENSIONS'],
    [{ EMBEDDING_MODEL: full.EMBEDDING_MODEL, EMBEDDING_DIMENSIONS: '768' }, 'EMBEDDING_URL'],
    [{ ...full, EMBEDDING_DIMENSIONS: 'many' }, 'EMBEDDING_DIMENSIONS'],
    [{ ...full, EMBEDDING_DIMENSIONS: '0' }, 'EMBEDDING_DIMENSIONS'],
    [{ ...full, EMBEDDING_URL: 'ftp://example.org' }, 'EMBEDDING_URL'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(refusal(env)).toBe(variable);
  });
});
