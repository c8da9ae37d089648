/**
 * A local OpenAI-compatible /v1/embeddings server for tests. Its "model" counts words of a
 * few topics, so similar texts get similar vectors without any weights: enough to prove
 * the client, the stored vectors and the fusion, not to measure quality. It can be told to
 * fail the ways real endpoints do.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOPICS = [
  ['rout', 'expert', 'mixtur', 'sparse'],
  ['retriev', 'index', 'queri', 'search'],
  ['languag', 'explain', 'survey', 'llm'],
  ['quantum', 'surfac', 'nois', 'qubit'],
  ['molecul', 'graph', 'chemi', 'network', 'messag'],
  ['plasma', 'tokamak', 'fusion'],
];
export const DIMENSIONS = TOPICS.length + 1;

/** One count per topic (words starting with a topic's stems), plus a constant so no vector is zero. */
export function topicVector(text: string): number[] {
  const words = text.toLowerCase().split(/[^a-z]+/);
  return [...TOPICS.map((stems) => words.filter((w) => stems.some((s) => w.startsWith(s))).length), 0.1];
}

export type ServerMode = 'ok' | 'error' | 'slow' | 'wrong-size' | 'garbage';

export interface EmbeddingServer {
  url: string;
  mode: ServerMode;
  requests: { body: { model: string; input: string[]; encoding_format?: string }; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startEmbeddingServer(): Promise<EmbeddingServer> {
  const state: EmbeddingServer = { url: '', mode: 'ok', requests: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as EmbeddingServer['requests'][number]['body'];
    state.requests.push({ body, authorization: req.headers.authorization });
    if (state.mode === 'error') {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"model loading"}');
      return;
    }
    if (state.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (state.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
      return;
    }
    // Reversed, with indexes: a client must order by index, not by position.
    const data = body.input.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: state.mode === 'wrong-size' ? topicVector(text).slice(0, 3) : topicVector(text),
    }));
    if (!res.destroyed)
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: data.reverse(), model: body.model }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
