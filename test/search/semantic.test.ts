import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  embedMissingPapers,
  openAiEmbedder,
  type SearchOptions,
  type SemanticSearch,
  searchPapers,
  similarPapers,
} from '../../src/search/index.ts';
import { paperRecord } from '../../src/core/paper.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { DIMENSIONS, type EmbeddingServer, startEmbeddingServer, topicVector } from './embedding-server.ts';
import { explain, molecules, NOW, quantum, retrieval, routing, seedSearchCorpus, survey } from './fixtures.ts';

describe('openAiEmbedder', () => {
  let server: EmbeddingServer;
  beforeAll(async () => {
    server = await startEmbeddingServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('posts the model and texts, sends the key, orders vectors by index, splits batches', async () => {
    const embedder = openAiEmbedder({
      baseUrl: `${server.url}/v1/`,
      model: 'topics-7',
      dimensions: DIMENSIONS,
      apiKey: 'k',
      batchSize: 2,
    });
    const texts = ['quantum noise', 'graph of molecules', 'plasma'];
    const vectors = await embedder.embed(texts);
    expect(vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => Array.from(Float32Array.from(topicVector(t)))));
    expect(server.requests.map((r) => r.body)).toEqual([
      { model: 'topics-7', input: ['quantum noise', 'graph of molecules'], encoding_format: 'float' },
      { model: 'topics-7', input: ['plasma'], encoding_format: 'float' },
    ]);
    expect(server.requests[0]!.authorization).toBe('Bearer k');
    expect(embedder.id).toBe('topics-7');
  });

  it('refuses errors, non-JSON answers and vectors of the wrong size with a message saying which', async () => {
    const embedder = openAiEmbedder({ baseUrl: server.url, model: 'topics-7', dimensions: DIMENSIONS });
    server.mode = 'error';
    await expect(embedder.embed(['x'])).rejects.toThrow(`${server.url}/v1/embeddings answered 503: {"error":"model loading"}`);
    server.mode = 'garbage';
    await expect(embedder.embed(['x'])).rejects.toThrow('answered with something other than JSON');
    server.mode = 'wrong-size';
    await expect(embedder.embed(['x'])).rejects.toThrow(`topics-7 returned a vector of 3 dimensions, expected ${DIMENSIONS}`);
    server.mode = 'ok';
    await expect(openAiEmbedder({ baseUrl: 'http://127.0.0.1:9', model: 'm', dimensions: 2 }).embed(['x'])).rejects.toThrow(
      'cannot reach http://127.0.0.1:9/v1/embeddings',
    );
  });
});

describe.each(DIALECTS)('semantic search on %s', (dialect) => {
  const t = useTestStore(dialect, seedSearchCorpus);
  let server: EmbeddingServer;
  let semantic: SemanticSearch;
  const logged: { level: string; message: string }[] = [];

  beforeAll(async () => {
    server = await startEmbeddingServer();
    semantic = {
      embedder: openAiEmbedder({ baseUrl: server.url, model: 'topics-7', dimensions: DIMENSIONS }),
      timeoutMs: 300,
      retryAfterMs: 0,
      vectorRefreshMs: 0,
      log: (event) => logged.push(event),
    };
  });
  afterAll(async () => {
    await server.close();
  });

  const ids = async (q: string, options: SearchOptions = { semantic }) =>
    (await searchPapers(t.searchIndex, { q, limit: 20 }, options)).items.map((h) => h.paper.id);

  it('embeds every paper once, and again only when its text changes', async () => {
    expect(await embedMissingPapers(t.store, semantic.embedder, { batchSize: 3 })).toEqual({ seen: 7, embedded: 7 });
    expect(await embedMissingPapers(t.store, semantic.embedder)).toEqual({ seen: 7, embedded: 0 });
    await sql`UPDATE papers SET abstract = 'Surface codes protect qubits from noise.' WHERE id = ${quantum.id}`.execute(
      t.store.db,
    );
    expect(await embedMissingPapers(t.store, semantic.embedder)).toEqual({ seen: 7, embedded: 1 });
  });

  it('finds by meaning what no word matches, and keeps keyword order where both agree', async () => {
    expect(await ids('chemistry', { semantic: null })).toEqual([]);
    const result = await searchPapers(t.searchIndex, { q: 'chemistry', limit: 3 }, { semantic });
    expect(result.semantic).toBe(true);
    expect(result.items[0]!.paper.id).toBe(molecules.id);
    expect((await ids('routing'))[0]).toBe(routing.id);
  });

  it('never lets meaning override required words, exclusions or filters', async () => {
    expect(await ids('"sparse routing"')).toEqual([routing.id]);
    expect(await ids('chemistry -molecules')).not.toContain(molecules.id);
    const filtered = await searchPapers(t.searchIndex, { q: 'chemistry', limit: 20, category: 'quant-ph' }, { semantic });
    expect(filtered.items.map((h) => h.paper.id)).toEqual([quantum.id]);
  });

  it('answers with keywords alone when the embedder fails, logging the fault once and the recovery once', async () => {
    logged.length = 0;
    for (const mode of ['error', 'slow', 'wrong-size', 'garbage'] as const) {
      server.mode = mode;
      const started = performance.now();
      const result = await searchPapers(t.searchIndex, { q: 'routing', limit: 20 }, { semantic });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(result.semantic).toBe(false);
      expect(result.items.map((h) => h.paper.id)).toEqual([routing.id, retrieval.id]);
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn' });
    expect(logged[0]!.message).toBe(
      `embedder topics-7 failed (${server.url}/v1/embeddings answered 503: {"error":"model loading"}); searching by keywords alone until it answers again`,
    );
    server.mode = 'ok';
    expect((await searchPapers(t.searchIndex, { q: 'routing', limit: 20 }, { semantic })).semantic).toBe(true);
    expect(logged.slice(1)).toEqual([{ level: 'info', message: 'embedder topics-7 works again; semantic search resumed' }]);
  });

  it('waits for a down embedder only once while it stays down', async () => {
    const patient = {
      ...semantic,
      embedder: openAiEmbedder({ baseUrl: server.url, model: 'topics-7', dimensions: DIMENSIONS }),
      retryAfterMs: 60_000,
    };
    server.mode = 'slow';
    const requestsBefore = server.requests.length;
    for (let i = 0; i < 3; i++)
      expect((await searchPapers(t.searchIndex, { q: 'routing', limit: 5 }, { semantic: patient })).semantic).toBe(false);
    expect(server.requests.length - requestsBefore).toBe(1);
    server.mode = 'ok';
  });

  it('finds similar papers by stored vectors, without asking the embedder', async () => {
    server.mode = 'error';
    const similar = await similarPapers(t.searchIndex, survey.id, 2, { semantic });
    expect(similar.items.map((s) => s.paper.id)).toEqual([explain.id, retrieval.id]);
    server.mode = 'ok';
  });
});

describe.each(DIALECTS)('similar papers by distinctive words on %s', (dialect) => {
  const t = useTestStore(dialect, seedSearchCorpus);

  it('ranks papers sharing the rarest words of title and abstract, never itself or hidden ones', async () => {
    expect((await similarPapers(t.searchIndex, survey.id, 3)).items.map((s) => s.paper.id)).toEqual([
      explain.id,
      routing.id,
      retrieval.id,
    ]);
    // Its rarest words (sparse, mixture, experts, tokens) are its alone; "routing" and "models"
    // remain, and "routing" is the rarer (the hidden paper's "Routing Routing Routing" is not indexed).
    expect((await similarPapers(t.searchIndex, routing.id, 5)).items.map((s) => s.paper.id)).toEqual([
      retrieval.id,
      explain.id,
      survey.id,
    ]);
    expect(await similarPapers(t.searchIndex, '2609.99999', 5)).toEqual({ items: [], indexing: false });
  });

  it('reads the postings of its rarest words first, within its budget', async () => {
    // One posting's budget keeps only the rarest word, "routing": the one other visible paper that
    // has it, without the papers that share only "models" (explain, survey: in the full answer above).
    const rarest = await similarPapers(t.searchIndex, routing.id, 5, { postings: 1 });
    expect(rarest.items.map((s) => s.paper.id)).toEqual([retrieval.id]);
  });

  it('answers again from the index as it is now, not as it was when first asked', async () => {
    const first = (await similarPapers(t.searchIndex, routing.id, 5)).items.map((s) => s.paper.id);
    expect(first).not.toContain('2601.00099');
    const twin = paperRecord({ id: '2601.00099', title: 'Sparse Mixture of Experts', abstract: 'Tokens routed to experts.' });
    await savePapers(t.store, [twin], { feedCategories: [], now: NOW });
    expect((await similarPapers(t.searchIndex, routing.id, 5)).items[0]?.paper.id).toBe(twin.id);
  });
});
