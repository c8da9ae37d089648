import type { FastifyInstance } from 'fastify';
import { parseSubscriptionRequest, subscribe } from '../../mail/subscriptions.ts';
import type { Mailer } from '../../mail/transport.ts';
import type { WebContext } from '../context.ts';
import { viewerOf } from './subscriptions.ts';

/**
 * `POST /api/subscriptions {email, frequency, categories?, query?}` → 202: the request is
 * recorded and a confirmation mail is on its way (unless one went out a moment ago). The same
 * answer for a known or unknown address, so the API tells no one who subscribes.
 */
export function registerSubscriptionApi(app: FastifyInstance, ctx: WebContext, mailer: Mailer): void {
  app.post('/api/subscriptions', async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply
        .code(400)
        .send({ error: 'send a JSON object: {"email": "…", "frequency": "daily"|"weekly", "categories": ["cs.CL"]}' });
    }
    const parsed = parseSubscriptionRequest(body as Record<string, unknown>, viewerOf(request)?.id ?? null);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.reason, field: parsed.field });
    await subscribe({ store: ctx.store, mailer, config: ctx.config }, parsed.request);
    return reply.code(202).send({
      status: 'pending',
      message: 'If this address can receive mail, a link to confirm the subscription is on its way.',
    });
  });
}
