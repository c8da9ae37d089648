import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MAX_ADDRESS } from '../../core/email-address.ts';
import { MAX_CATEGORIES, parseSubscriptionRequest, subscribe } from '../../mail/subscriptions.ts';
import type { Mailer } from '../../mail/transport.ts';
import { MAX_QUERY_LENGTH } from '../../core/search-query.ts';
import { Refusal } from '../../social/errors.ts';
import { PUBLIC } from '../api-schema.ts';
import type { WebContext } from '../context.ts';
import { viewerOf } from './subscriptions.ts';

const SubscriptionBody = Type.Object({
  email: Type.String({
    maxLength: MAX_ADDRESS,
    description: 'One plain address; an internationalised domain is stored in punycode.',
  }),
  frequency: Type.Optional(Type.Enum(['daily', 'weekly'], { type: 'string', default: 'daily' })),
  categories: Type.Optional(
    Type.Array(Type.String({ examples: ['cs.CL'] }), {
      maxItems: MAX_CATEGORIES,
      description: 'Only papers in these arXiv categories.',
    }),
  ),
  query: Type.Optional(
    Type.String({
      maxLength: MAX_QUERY_LENGTH,
      description: 'A saved search: digests carry its best matches published in the period.',
    }),
  ),
});

/**
 * `POST /api/subscriptions {email, frequency, categories?, query?}` → 202: the request is
 * recorded and a confirmation mail is on its way (unless one went out a moment ago). The same
 * answer for a known or unknown address, so the API tells no one who subscribes.
 */
export function registerSubscriptionApi(app: FastifyInstance, ctx: WebContext, mailer: Mailer): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/subscriptions',
    {
      schema: {
        operationId: 'subscribe',
        tags: ['subscriptions'],
        summary: 'Subscribe an address to the e-mail digest',
        description:
          'Records the request and mails a link to confirm it (double opt-in); only confirmed addresses get digests. ' +
          'The answer is the same for a new, pending or already confirmed address; a confirmed subscription is changed ' +
          'only through the link in its mails. At most one confirmation mail per address every 15 minutes.',
        security: PUBLIC,
        body: SubscriptionBody,
        response: {
          202: Type.Object(
            { status: Type.Literal('pending'), message: Type.String() },
            { description: 'Recorded; a confirmation mail is on its way unless one was sent a moment ago.' },
          ),
          400: Type.Object(
            { error: Type.String(), field: Type.Optional(Type.String()) },
            { description: 'The field at fault and why.' },
          ),
        },
      },
      // The mail capability words each refusal with its field, as the form shows them.
      attachValidation: true,
    },
    async (request, reply) => {
      const body: unknown = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new Refusal(
          'invalid',
          'send a JSON object: {"email": "…", "frequency": "daily"|"weekly", "categories": ["cs.CL"]}',
        );
      }
      const parsed = parseSubscriptionRequest({ ...body }, viewerOf(request)?.id ?? null);
      if (!parsed.ok) return reply.code(400).send({ error: parsed.reason, field: parsed.field });
      if (request.validationError) throw request.validationError;
      await subscribe({ store: ctx.store, mailer, config: ctx.config }, parsed.request);
      return reply.code(202).send({
        status: 'pending',
        message: 'If this address can receive mail, a link to confirm the subscription is on its way.',
      });
    },
  );
}
