/**
 * The search API under load: `GET /api/papers/search?q=…&limit=20` over the 74,728 papers of
 * the arXiv listings, autocannon with 20 connections for 10 s, each request taking the next of
 * 50 queries (common words and title fragments). The server runs in a child process on a
 * SQLite store, its search index warmed before the load starts.
 *
 *   npm run bench:search-api -- [--data ../shared/data] [--seconds 10] [--connections 20]
 */
import { fork } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { openStore } from '../src/db/connect.ts';
import { importPapers } from '../src/ingest/import-papers.ts';
import { openImportStream } from '../src/ingest/parsers/detect.ts';
import { buildServiceParts } from '../src/cli/parts.ts';
import { buildServer } from '../src/web/server.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    serve: { type: 'boolean', default: false },
  },
});
const file = join(values.data!, 'arxiv-listings', 'arxiv_listings_2025-03_to_2026-07.jsonl.gz');
const QUERIES = [
  'model',
  'learning',
  'large language models',
  'deep learning',
  'diffusion',
  'reinforcement learning',
  'vision transformer',
  'retrieval augmented generation',
  'graph neural network',
  'speech recognition',
  'image segmentation',
  'benchmark',
  'multimodal reasoning',
  'code generation',
  'federated learning',
  'point cloud',
  'video generation',
  'knowledge distillation',
  'medical imaging',
  'machine translation',
  'robot manipulation',
  'contrastive learning',
  'low resource languages',
  'hallucination',
  'agents',
  'mixture of experts',
  'autonomous driving',
  'text to image',
  'question answering',
  'sparse attention',
  'gaussian splatting',
  'depth estimation',
  'chain of thought',
  'instruction tuning',
  'preference optimization',
  'safety alignment',
  'tokenizer',
  'quantization',
  'long context',
  'object detection',
  'anomaly detection',
  'time series forecasting',
  'semantic parsing',
  'sentiment analysis',
  'summarization',
  'neural radiance fields',
  'pose estimation',
  'domain adaptation',
  'self supervised',
  '"language model"',
].map((q) => `/api/papers/search?q=${encodeURIComponent(q)}&limit=20`);

if (values.serve) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-search-api-'));
  const config = loadConfig({ DATA_DIR: dir, SECRET: 'bench', LOG_LEVEL: 'silent' });
  const store = await openStore(config.database);
  const { items } = await openImportStream(createReadStream(file), 'auto');
  await importPapers(store, items, { feedCategories: [] });
  const logger = pino({ level: 'silent' });
  const parts = await buildServiceParts({ config, store, logger });
  await parts.searchIndex.current();
  const app = await buildServer({ config, store, logger, ...parts });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as { port: number }).port });
} else {
  if (!existsSync(file)) throw new Error(`no data at ${file}; pass --data`);
  const child = fork(import.meta.filename, ['--serve', '--data', values.data!], { execArgv: ['--import', 'tsx'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    const run = async (seconds: number) => {
      let n = 0;
      const result = await autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: Number(values.connections),
        duration: seconds,
        requests: [{ setupRequest: (req) => ({ ...req, path: QUERIES[n++ % QUERIES.length]! }) }],
      });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
      return result;
    };
    await run(2); // warm-up
    const result = await run(Number(values.seconds));
    console.log(`search API, ${values.connections} connections, ${values.seconds} s, ${QUERIES.length} queries in turn`);
    console.log(
      `req/s ${result.requests.average.toFixed(0)}  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  requests ${result.requests.total}`,
    );
  } finally {
    child.kill();
  }
}
