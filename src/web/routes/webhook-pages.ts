/**
 * `/settings/webhooks` and its forms (add, send a test, enable again, delete): the same
 * actions as the API, without JavaScript. Forms post with the page's CSRF token; a refused
 * form comes back with its message and what was typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { processHolder } from '../../leases/job-lease.ts';
import { Refusal } from '../../social/errors.ts';
import { deliveriesOf, type WebhookFormat, type WebhookFrequency, webhooksOf } from '../../store/webhooks.ts';
import { sendTest } from '../../webhooks/delivery.ts';
import {
  createWebhook,
  editWebhook,
  ownWebhook,
  removeWebhook,
  WEBHOOK_FORMATS,
  WEBHOOK_FREQUENCIES,
} from '../../webhooks/webhooks.ts';
import { formGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { type WebhooksPageProps, WebhooksPage } from '../pages/webhook-pages.tsx';
import { formField } from '../form-fields.ts';

/** Deliveries each webhook shows on the page. */
const PAGE_LOG = 5;

type Form = Record<string, string | undefined>;

function webhookIdOf(text: string): number {
  if (!/^[0-9]{1,15}$/.test(text)) throw new Refusal('not-found', `No webhook ${text} of yours`);
  return Number(text);
}

export function registerWebhookPages(app: FastifyInstance, ctx: WebContext): void {
  const deps = ctx.webhooks;
  const guarded = { preHandler: formGuard(app) };
  const holder = processHolder();
  const now = () => ctx.community.now();

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: Partial<Pick<WebhooksPageProps, 'notice' | 'draft' | 'selectedFilter'>> = {},
  ) => {
    const viewer = requireViewer(request);
    const webhooks = await Promise.all(
      (await webhooksOf(deps.store, viewer.id)).map(async (webhook) => ({
        webhook,
        filterName: (await deps.source.describe(viewer.id, webhook.filterId))?.name ?? null,
        log: await deliveriesOf(deps.store, webhook.id, PAGE_LOG),
      })),
    );
    void reply.header('cache-control', 'private, no-store');
    return sendHtml(
      reply,
      status,
      h(WebhooksPage, {
        site: ctx.site,
        csrf: reply.generateCsrf(),
        webhooks,
        filters: await deps.source.filtersOf(viewer.id),
        selectedFilter: extra.selectedFilter ?? null,
        notice: extra.notice ?? null,
        draft: extra.draft ?? { url: '', format: 'slack', frequency: 'daily' },
      }),
    );
  };

  app.get('/settings/webhooks', async (request, reply) => {
    if (!request.viewer) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    const filter = Number((request.query as Form).filter);
    return page(request, reply, 200, { selectedFilter: Number.isSafeInteger(filter) ? filter : null });
  });

  app.post('/settings/webhooks', guarded, async (request, reply) => {
    const draft = {
      url: formField(request, 'url'),
      format: formField(request, 'format'),
      frequency: formField(request, 'frequency'),
    };
    const filterId = Number(formField(request, 'filterId'));
    try {
      if (!WEBHOOK_FORMATS.includes(draft.format as WebhookFormat))
        throw new Refusal('invalid', 'choose a format: Slack, Discord or JSON');
      if (!WEBHOOK_FREQUENCIES.includes(draft.frequency as WebhookFrequency))
        throw new Refusal('invalid', 'choose how often: daily or weekly');
      const webhook = await createWebhook(
        deps,
        requireViewer(request),
        {
          filterId: Number.isSafeInteger(filterId) ? filterId : 0,
          url: draft.url,
          format: draft.format as WebhookFormat,
          frequency: draft.frequency as WebhookFrequency,
        },
        now(),
      );
      return page(request, reply, 200, { notice: { kind: 'status', text: 'Webhook added.', secret: webhook.secret } });
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind !== 'invalid') throw error;
      return page(request, reply, 400, { notice: { kind: 'problem', text: error.message }, draft, selectedFilter: filterId });
    }
  });

  app.post<{ Params: { id: string } }>('/settings/webhooks/:id/test', guarded, async (request, reply) => {
    const webhook = await ownWebhook(deps, requireViewer(request), webhookIdOf(request.params.id));
    const outcome = await sendTest(deps, webhook, holder, now());
    return page(request, reply, 200, {
      notice:
        outcome.status === 'delivered'
          ? { kind: 'status', text: `Test delivered (the receiver answered ${outcome.statusCode}).` }
          : { kind: 'problem', text: `Test failed: ${outcome.error}.` },
    });
  });

  app.post<{ Params: { id: string } }>('/settings/webhooks/:id/enable', guarded, async (request, reply) => {
    await editWebhook(deps, requireViewer(request), webhookIdOf(request.params.id), { enabled: true }, now());
    return reply.redirect('/settings/webhooks', 303);
  });

  app.post<{ Params: { id: string } }>('/settings/webhooks/:id/delete', guarded, async (request, reply) => {
    await removeWebhook(deps, requireViewer(request), webhookIdOf(request.params.id));
    return reply.redirect('/settings/webhooks', 303);
  });
}
