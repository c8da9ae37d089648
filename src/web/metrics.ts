/**
 * Prometheus metrics. The registry belongs to one server instance, not the process, so tests
 * (and anything else) can build several servers side by side.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../db/connect.ts';
import { countPapers } from '../store/papers.ts';
import { countFeedEntries } from '../store/feed.ts';
import { PUBLIC } from './api-schema.ts';

const LABELS = ['method', 'route', 'status'] as const;

export function registerMetrics(app: FastifyInstance, store: Store): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: LABELS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status',
    labelNames: LABELS,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  storeGauge(registry, 'dailypapers_papers', 'Papers stored', () => countPapers(store));
  storeGauge(registry, 'dailypapers_feed_entries', 'Papers placed on a feed day', () => countFeedEntries(store));

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL, keeps the number of series bounded.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  const schema = {
    operationId: 'metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics',
    security: PUBLIC,
    response: {
      200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
  };
  app.get('/metrics', { schema }, async (_request, reply) => {
    return reply
      .type(registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics());
  });
}

/** A gauge read from the database at scrape time; left empty when the database does not answer. */
function storeGauge(registry: Registry, name: string, help: string, read: () => Promise<number>): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      try {
        this.set(await read());
      } catch {
        this.reset();
      }
    },
  });
}
