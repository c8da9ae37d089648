/** `/healthz` (the process answers) and `/readyz` (and so can its database and its search). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { databaseUnavailableReason } from '../../db/unavailable.ts';
import { pingStore, probeWrite } from '../../store/stats.ts';
import { PUBLIC } from '../api-schema.ts';
import type { WebContext } from '../context.ts';

const Status = (description: string) =>
  Type.Object(
    { status: Type.Enum(['ok', 'unavailable', 'starting', 'stopping']), error: Type.Optional(Type.String()) },
    { description },
  );

export function registerOperations(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/healthz',
    {
      schema: {
        operationId: 'liveness',
        tags: ['operations'],
        summary: 'Liveness',
        security: PUBLIC,
        response: { 200: Status('The process answers.') },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  api.get(
    '/readyz',
    {
      schema: {
        operationId: 'readiness',
        tags: ['operations'],
        summary: 'Readiness: the database reads and writes, and search can answer',
        security: PUBLIC,
        response: {
          200: Status('Ready.'),
          503: Status(
            'Not ready: `unavailable` when the database does not answer or cannot write, `starting` while the search index is first built, `stopping` once the process was told to stop (it still answers while a load balancer drains it); `error` says why.',
          ),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // First, and without the database: a balancer must stop sending here at once.
      if (ctx.shutdown.started)
        return reply
          .code(503)
          .send({ status: 'stopping', error: 'the service is shutting down; requests are still answered meanwhile' });
      try {
        await pingStore(ctx.store);
        // A store that reads but cannot write (a full disk, a read-only file) is not ready either.
        await probeWrite(ctx.store, new Date());
      } catch (error) {
        request.log.warn({ err: error }, 'database not ready');
        // The operator probing readiness wants the reason, e.g. "connection refused".
        const message = error instanceof Error ? error.message : String(error);
        const reason = databaseUnavailableReason(error);
        return reply.code(503).send({ status: 'unavailable', error: reason ? `${reason} (${message})` : message });
      }
      if (!ctx.searchIndex.ready)
        return reply.code(503).send({ status: 'starting', error: 'the search index is still being built' });
      return reply.send({ status: 'ok' });
    },
  );
}
