/** `/healthz` (the process answers) and `/readyz` (and so does its database). */
import type { FastifyInstance } from 'fastify';
import { pingStore } from '../../store/stats.ts';
import type { WebContext } from '../context.ts';

export function registerOperations(app: FastifyInstance, ctx: WebContext): void {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await pingStore(ctx.store);
      return reply.send({ status: 'ok' });
    } catch (error) {
      request.log.warn({ err: error }, 'database did not answer');
      // The operator probing readiness wants the reason, e.g. "connection refused".
      return reply.code(503).send({ status: 'unavailable', error: error instanceof Error ? error.message : String(error) });
    }
  });
}
