/** `/healthz` (the process answers) and `/readyz` (and so does its database). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pingStore } from '../../store/stats.ts';
import { PUBLIC } from '../api-schema.ts';
import type { WebContext } from '../context.ts';

const Status = (description: string) =>
  Type.Object({ status: Type.Enum(['ok', 'unavailable']), error: Type.Optional(Type.String()) }, { description });

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
        summary: 'Readiness: the database answers',
        security: PUBLIC,
        response: { 200: Status('Ready.'), 503: Status('The database does not answer; `error` says why.') },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await pingStore(ctx.store);
        return reply.send({ status: 'ok' });
      } catch (error) {
        request.log.warn({ err: error }, 'database did not answer');
        // The operator probing readiness wants the reason, e.g. "connection refused".
        return reply.code(503).send({ status: 'unavailable', error: error instanceof Error ? error.message : String(error) });
      }
    },
  );
}
