/** `/settings/delete`: the page that says what deleting the account does, and the deletion. */
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { deleteAccount } from '../../social/account-deletion.ts';
import { Refusal } from '../../social/errors.ts';
import { clearSessionCookie, formGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { DeleteAccountPage } from '../pages/account-data-pages.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { formField } from '../form-fields.ts';

export function registerAccountDataPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/settings/delete', async (request, reply) => {
    if (!request.viewer) return reply.redirect('/login?next=%2Fsettings%2Fdelete');
    return sendHtml(
      reply,
      200,
      h(DeleteAccountPage, { site: ctx.site, csrf: reply.generateCsrf(), email: request.viewer.email, error: null }),
    );
  });

  app.post('/settings/delete', { preHandler: formGuard(app) }, async (request, reply) => {
    const viewer = requireViewer(request);
    try {
      await deleteAccount(ctx.store, viewer, formField(request, 'confirm'));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const page = h(DeleteAccountPage, {
        site: ctx.site,
        csrf: reply.generateCsrf(),
        email: viewer.email,
        error: error.message,
      });
      return sendHtml(reply, error.kind === 'forbidden' ? 403 : 400, page);
    }
    ctx.cache.clear();
    clearSessionCookie(reply);
    return sendHtml(
      reply,
      200,
      h(MessagePage, {
        site: ctx.site,
        title: 'Account deleted',
        children: h(
          'p',
          null,
          'Your account, library and subscriptions are deleted; your comments and upvotes stay, anonymised.',
        ),
      }),
    );
  });
}
