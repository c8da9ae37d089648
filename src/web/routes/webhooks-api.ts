/**
 * The webhooks API: a member's webhooks of their saved filters, a test post, and the delivery
 * log. Answers only its member (a token or the session; session writes need `x-csrf-token`);
 * another member's webhook is 404, as one that does not exist. Never cached.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { processHolder } from '../../leases/job-lease.ts';
import {
  type Delivery as StoredDelivery,
  deliveriesOf,
  type Webhook as StoredWebhook,
  webhooksOf,
} from '../../store/webhooks.ts';
import { sendTest } from '../../webhooks/delivery.ts';
import { createWebhook, editWebhook, ownWebhook, removeWebhook } from '../../webhooks/webhooks.ts';
import { BAD_PARAMETER, refused, SIGNED_IN, WRITE_REFUSALS } from '../api-schema.ts';
import { apiWriteGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import {
  Delivery,
  TestOutcome,
  Webhook,
  WebhookBody,
  WebhookChangeBody,
  WebhookIdParams,
  WebhookWithSecret,
} from '../webhook-schemas.ts';

const SIGNED_IN_READ = { 401: refused('No valid token or session.') };
const NOT_YOURS = refused('No webhook of yours with that id (another member’s answers the same).');
const BAD_WEBHOOK = refused(
  'A filter that is not yours, a URL that is not http(s), a private or unresolvable address, or too many webhooks; the message says which.',
);
/** Entries of the log an answer carries: the latest. */
const LOG_LENGTH = 50;

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export async function webhookOut(ctx: WebContext, webhook: StoredWebhook) {
  const filter = await ctx.webhooks.source.describe(webhook.userId, webhook.filterId);
  return {
    id: webhook.id,
    filterId: webhook.filterId,
    filterName: filter?.name ?? null,
    format: webhook.format,
    frequency: webhook.frequency,
    url: webhook.url,
    active: webhook.disabledAt === null,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    failedPeriods: webhook.failedPeriods,
    createdAt: webhook.createdAt,
  };
}

export const deliveryOut = (delivery: StoredDelivery) => ({
  period: delivery.period,
  status: delivery.status,
  attempts: delivery.attempts,
  nextAttemptAt: delivery.nextAttemptAt,
  lastStatusCode: delivery.lastStatusCode,
  lastError: delivery.lastError,
  createdAt: delivery.createdAt,
  deliveredAt: delivery.deliveredAt,
});

export function registerWebhooksApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = apiWriteGuard(app);
  const deps = ctx.webhooks;
  const now = () => ctx.community.now();
  const holder = processHolder();
  const idOf = (text: string) => Number(text);

  api.get(
    '/api/me/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        tags: ['webhooks'],
        summary: 'Your webhooks (without their secrets)',
        security: SIGNED_IN,
        response: { 200: Type.Array(Webhook), ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return Promise.all((await webhooksOf(deps.store, requireViewer(request).id)).map((w) => webhookOut(ctx, w)));
    },
  );

  api.post(
    '/api/me/webhooks',
    {
      preHandler: guard,
      schema: {
        operationId: 'createWebhook',
        tags: ['webhooks'],
        summary: 'Post one of your saved filters to a Slack, Discord or JSON webhook each period',
        description:
          'The answer shows the signing secret, once. Each period (daily or weekly, at the digest hour) the filter’s new ' +
          'papers are posted once; failures are retried with backoff; a filter with nothing new posts nothing.',
        security: SIGNED_IN,
        body: WebhookBody,
        response: { 201: WebhookWithSecret, 400: BAD_WEBHOOK, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      const webhook = await createWebhook(deps, requireViewer(request), request.body, now());
      noStore(reply);
      return reply.code(201).send({ ...(await webhookOut(ctx, webhook)), secret: webhook.secret });
    },
  );

  api.get(
    '/api/me/webhooks/:id',
    {
      schema: {
        operationId: 'getWebhook',
        tags: ['webhooks'],
        summary: 'One of your webhooks',
        security: SIGNED_IN,
        params: WebhookIdParams,
        response: { 200: Webhook, 400: BAD_PARAMETER, 404: NOT_YOURS, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      const webhook = await ownWebhook(deps, requireViewer(request), idOf(request.params.id));
      noStore(reply);
      return webhookOut(ctx, webhook);
    },
  );

  api.patch(
    '/api/me/webhooks/:id',
    {
      preHandler: guard,
      schema: {
        operationId: 'changeWebhook',
        tags: ['webhooks'],
        summary: 'Change a webhook’s URL, format or frequency, re-enable or pause it, or rotate its secret',
        description: 'With `rotateSecret: true` the answer carries the new `secret`, once.',
        security: SIGNED_IN,
        params: WebhookIdParams,
        body: WebhookChangeBody,
        response: {
          200: Type.Object({ ...Webhook.properties, secret: Type.Optional(WebhookWithSecret.properties.secret) }),
          400: BAD_WEBHOOK,
          404: NOT_YOURS,
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request, reply) => {
      const webhook = await editWebhook(deps, requireViewer(request), idOf(request.params.id), request.body, now());
      noStore(reply);
      return { ...(await webhookOut(ctx, webhook)), ...(request.body.rotateSecret ? { secret: webhook.secret } : {}) };
    },
  );

  api.delete(
    '/api/me/webhooks/:id',
    {
      preHandler: guard,
      schema: {
        operationId: 'deleteWebhook',
        tags: ['webhooks'],
        summary: 'Delete a webhook and its delivery log',
        security: SIGNED_IN,
        params: WebhookIdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), 400: BAD_PARAMETER, 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await removeWebhook(deps, requireViewer(request), idOf(request.params.id));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/me/webhooks/:id/test',
    {
      preHandler: guard,
      schema: {
        operationId: 'testWebhook',
        tags: ['webhooks'],
        summary: 'Post a test now (the filter’s papers of the last seven days, three at most) and say what happened',
        description: 'One attempt, no retries; it is logged as `test:<instant>:<random>`. A disabled webhook can be tested.',
        security: SIGNED_IN,
        params: WebhookIdParams,
        response: { 200: TestOutcome, 400: BAD_PARAMETER, 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      const webhook = await ownWebhook(deps, requireViewer(request), idOf(request.params.id));
      noStore(reply);
      return sendTest(deps, webhook, holder, now());
    },
  );

  api.get(
    '/api/me/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['webhooks'],
        summary: `A webhook’s delivery log, newest first (the last ${LOG_LENGTH})`,
        security: SIGNED_IN,
        params: WebhookIdParams,
        response: { 200: Type.Array(Delivery), 400: BAD_PARAMETER, 404: NOT_YOURS, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      const webhook = await ownWebhook(deps, requireViewer(request), idOf(request.params.id));
      noStore(reply);
      return (await deliveriesOf(deps.store, webhook.id, LOG_LENGTH)).map(deliveryOut);
    },
  );
}
