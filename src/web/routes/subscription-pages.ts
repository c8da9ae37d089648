import type { FastifyInstance, FastifyReply } from 'fastify';
import { h } from 'preact';
import {
  changePreferencesByToken,
  confirmByToken,
  type LinkResult,
  parseSubscriptionRequest,
  subscribe,
  subscriptionOfToken,
  subscriptionToConfirm,
  unsubscribeByToken,
} from '../../mail/subscriptions.ts';
import type { Mailer } from '../../mail/transport.ts';
import type { Subscription } from '../../store/subscriptions.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { formGuard } from '../auth.ts';
import { linkToken, type Query, single } from '../params.ts';
import {
  ConfirmPage,
  EMPTY_FORM,
  ManageSubscriptionPage,
  type SubscribeForm,
  SubscribePage,
  UnsubscribePage,
} from '../pages/subscribe-page.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { viewerOf } from './subscriptions.ts';

type Form = Record<string, string | undefined>;
type TokenQuery = { Querystring: Query };

export function registerSubscriptionPages(app: FastifyInstance, ctx: WebContext, mailer: Mailer): void {
  const deps = { store: ctx.store, config: ctx.config };
  const message = (reply: FastifyReply, status: number, title: string, text: string) =>
    sendHtml(reply, status, h(MessagePage, { site: ctx.site, title, children: h('p', null, text) }));
  /** Every link that cannot be used says why, with status 400, and changes nothing. */
  const refuse = (reply: FastifyReply, result: LinkResult) => {
    if (result.outcome === 'expired')
      return message(
        reply,
        400,
        'This link has expired',
        'Confirmation links work for 7 days. Subscribe again to get a new one.',
      );
    if (result.outcome === 'stale')
      return message(
        reply,
        400,
        'This link is no longer valid',
        'A newer subscription for this address replaced it. Use the link in the latest mail.',
      );
    return message(
      reply,
      400,
      'This link is not valid',
      'It may have been cut off or changed. Copy the whole link from the mail, or subscribe again.',
    );
  };
  const usable = (result: LinkResult): result is LinkResult & { subscription: Subscription } =>
    (result.outcome === 'done' || result.outcome === 'already') && result.subscription !== null;

  const subscribePage = (reply: FastifyReply, status: number, form: SubscribeForm) =>
    sendHtml(reply, status, h(SubscribePage, { site: ctx.site, form, csrf: reply.generateCsrf() }));

  app.get<TokenQuery>('/subscribe', async (request, reply) => {
    const token = single(request.query, 'token');
    if (token === undefined) return subscribePage(reply, 200, EMPTY_FORM);
    const result = await subscriptionOfToken(deps, token);
    if (!usable(result)) return refuse(reply, result);
    return manage(reply, token, result.subscription, null, false);
  });

  app.post<{ Body: Form }>('/subscribe', { preHandler: formGuard(app) }, async (request, reply) => {
    const form = formOf(request.body);
    const parsed = parseSubscriptionRequest(
      { ...form, categories: splitCategories(form.categories) },
      viewerOf(request)?.id ?? null,
    );
    if (!parsed.ok) return subscribePage(reply, 400, { ...form, error: parsed.reason });
    await subscribe({ ...deps, mailer }, parsed.request);
    return message(
      reply,
      200,
      'Check your inbox',
      `If ${parsed.request.email} can receive mail, a link to confirm the subscription is on its way.`,
    );
  });

  app.post<TokenQuery & { Body: Form }>('/subscribe/manage', async (request, reply) => {
    const token = linkToken(request.query);
    const form = formOf(request.body);
    const current = await subscriptionOfToken(deps, token);
    if (!usable(current)) return refuse(reply, current);
    const parsed = parseSubscriptionRequest({
      email: current.subscription.email,
      frequency: form.frequency,
      categories: splitCategories(form.categories),
    });
    if (!parsed.ok)
      return manage(
        reply,
        token,
        current.subscription,
        { ...form, email: current.subscription.email, error: parsed.reason },
        false,
      );
    const result = await changePreferencesByToken(deps, token, parsed.request);
    if (result.outcome !== 'done') return message(reply, 400, 'This subscription has ended', 'Subscribe again to get digests.');
    return manage(reply, token, result.subscription!, null, true);
  });

  // Following the link shows what would be confirmed; only the button's POST confirms it.
  app.get<TokenQuery>('/confirm', async (request, reply) => {
    const token = linkToken(request.query);
    const result = await subscriptionToConfirm(deps, token);
    if (!usable(result)) return refuse(reply, result);
    const { email, frequency, status } = result.subscription;
    if (status === 'unsubscribed') return message(reply, 400, 'This subscription has ended', 'Subscribe again to get digests.');
    if (status === 'confirmed') return confirmed(reply, 'Already confirmed', result.subscription);
    return sendHtml(reply, 200, h(ConfirmPage, { site: ctx.site, token, email, frequency }));
  });

  app.post<TokenQuery>('/confirm', async (request, reply) => {
    const result = await confirmByToken(deps, linkToken(request.query));
    if (!usable(result)) return refuse(reply, result);
    if (result.subscription.status !== 'confirmed')
      return message(reply, 400, 'This subscription has ended', 'Subscribe again to get digests.');
    return confirmed(reply, result.outcome === 'done' ? 'Subscription confirmed' : 'Already confirmed', result.subscription);
  });

  const confirmed = (reply: FastifyReply, title: string, { frequency, email }: Subscription) =>
    message(
      reply,
      200,
      title,
      `The ${frequency} digest will go to ${email}. Every digest has a link to change or end the subscription.`,
    );

  app.get<TokenQuery>('/unsubscribe', async (request, reply) => {
    const token = linkToken(request.query);
    const result = await subscriptionOfToken(deps, token);
    if (!usable(result)) return refuse(reply, result);
    if (result.subscription.status === 'unsubscribed')
      return message(reply, 200, 'You are unsubscribed', `No more digests go to ${result.subscription.email}.`);
    return sendHtml(reply, 200, h(UnsubscribePage, { site: ctx.site, token, email: result.subscription.email }));
  });

  // The person's button and the RFC 8058 one-click POST from a mail client land here alike.
  app.post<TokenQuery & { Body: Form | undefined }>('/unsubscribe', async (request, reply) => {
    const result = await unsubscribeByToken(deps, linkToken(request.query));
    const oneClick = request.body?.['List-Unsubscribe'] === 'One-Click';
    if (!usable(result))
      return oneClick ? reply.code(400).type('text/plain').send('invalid unsubscribe link\n') : refuse(reply, result);
    if (oneClick) return reply.code(200).type('text/plain').send('unsubscribed\n');
    return message(reply, 200, 'You are unsubscribed', `No more digests go to ${result.subscription.email}.`);
  });

  function manage(reply: FastifyReply, token: string, subscription: Subscription, form: SubscribeForm | null, saved: boolean) {
    const shown = form ?? {
      email: subscription.email,
      frequency: subscription.frequency,
      categories: subscription.categories.join(', '),
      error: null,
    };
    return sendHtml(
      reply,
      form?.error ? 400 : 200,
      h(ManageSubscriptionPage, { site: ctx.site, token, email: subscription.email, form: shown, saved }),
    );
  }
}

function formOf(body: Form | undefined): SubscribeForm {
  const frequency = body?.frequency === 'weekly' ? 'weekly' : 'daily';
  return { email: String(body?.email ?? ''), frequency, categories: String(body?.categories ?? ''), error: null };
}

function splitCategories(text: string): string[] {
  return text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}
