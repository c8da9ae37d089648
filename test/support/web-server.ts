import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildServiceParts } from '../../src/cli/parts.ts';
import { buildServer, type ServerOptions } from '../../src/web/server.ts';

/**
 * A web server built as `serve` builds it: the composition root's parts from the test's
 * configuration (its SMTP_URL or outbox, its arXiv API URL), each replaceable, closed with it.
 * Searches past their share are refused at once, as the limits' own test shows they may be
 * held: a test that sends many from one address would otherwise wait a second per refusal.
 */
const IMMEDIATE_REFUSALS = { waitMs: 0, refusalDelayMs: 0 };

export async function buildTestServer(
  options: Pick<ServerOptions, 'config' | 'store'> & Partial<ServerOptions>,
): Promise<FastifyInstance> {
  const logger = pino({ level: 'silent' });
  const parts = await buildServiceParts({ config: options.config, store: options.store, logger });
  const app = await buildServer({ logger, ...parts, searchLimits: IMMEDIATE_REFUSALS, ...options });
  app.addHook('onClose', async () => parts.close());
  return app;
}
