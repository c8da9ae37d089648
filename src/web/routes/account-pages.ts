/** `/login`, `/signup`, `/logout`, e-mailed login links and `/settings` (API tokens). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import {
  createApiToken,
  createLoginLink,
  endSession,
  logInWithLink,
  logInWithPassword,
  registerAccount,
  revokeApiToken,
} from '../../social/accounts.ts';
import { Refusal } from '../../social/errors.ts';
import { type LoginLinkReason, sendLoginLink } from '../../social/login-mail.ts';
import { listApiTokens } from '../../store/accounts.ts';
import { clearSessionCookie, formGuard, requireViewer, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { LinkLoginPage, LoginPage, SettingsPage, SignupPage } from '../pages/account-pages.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { cardAnchor } from '../views/paper-card.tsx';
import { linkToken, type Query, single } from '../params.ts';
import { sameSitePath } from '../return-path.ts';
import { formField } from '../form-fields.ts';

export function registerAccountPages(app: FastifyInstance, ctx: WebContext): void {
  const guarded = { preHandler: formGuard(app) };
  const { store, community } = ctx;

  /**
   * Mails a login link to the address's account, if it has one and not too many open links,
   * after the answer has gone: the answer takes the same time whoever asks.
   */
  const mailLoginLink = (email: string, reason: LoginLinkReason, next: string | null = null) =>
    ctx.background.run('mailing a login link', async () => {
      const link = await createLoginLink(store, email, community.now());
      if (!link) return;
      const back = next ? `&next=${encodeURIComponent(next)}` : '';
      const url = `${ctx.config.baseUrl}/login/link?token=${encodeURIComponent(link.token)}${back}`;
      await sendLoginLink(community.sendMail, link.user.email, url, reason);
    });

  // `next`: where the person was (a list at a card, a paper), to go back to once logged in. A card's
  // upvote, logged out, submits its list's login form: the list's address, and the card's paper as `card`.
  const nextOf = (request: FastifyRequest) => {
    const query = (request.query ?? {}) as Query;
    const next = formField(request, 'next') || single(query, 'next');
    const card = single(query, 'card');
    return sameSitePath(card && next ? `${next}#${cardAnchor(card)}` : next);
  };
  const loginPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    error: string | null,
    email = '',
    notice: string | null = null,
  ) =>
    sendHtml(
      reply,
      status,
      h(LoginPage, { site: ctx.site, csrf: reply.generateCsrf(), error, email, notice, next: nextOf(request) }),
    );

  app.get('/login', async (request, reply) =>
    request.viewer ? reply.redirect(nextOf(request) ?? '/settings') : loginPage(request, reply, 200, null),
  );

  app.post('/login', guarded, async (request, reply) => {
    const email = formField(request, 'email');
    try {
      const { session } = await logInWithPassword(
        store,
        { email, password: formField(request, 'password'), address: request.ip },
        community.now(),
      );
      setSessionCookie(reply, ctx, session);
      return reply.redirect(nextOf(request) ?? '/papers', 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      const status = error.kind === 'rate-limited' ? 429 : error.kind === 'forbidden' ? 403 : 401;
      return loginPage(request, reply, status, error.message, email);
    }
  });

  app.post('/logout', guarded, async (request, reply) => {
    const session = request.cookies[SESSION_COOKIE];
    if (session) await endSession(store, session);
    clearSessionCookie(reply);
    return reply.redirect('/papers', 303);
  });

  const signupPage = (reply: FastifyReply, status: number, error: string | null, email = '', name = '') =>
    sendHtml(reply, status, h(SignupPage, { site: ctx.site, csrf: reply.generateCsrf(), error, email, name }));

  app.get('/signup', async (_request, reply) => signupPage(reply, 200, null));

  // One answer whether or not the address has an account: the mail tells its owner which.
  app.post('/signup', guarded, async (request, reply) => {
    const [email, name] = [formField(request, 'email'), formField(request, 'name')];
    let outcome;
    try {
      // The address proves itself by the mailed link before the password logs in.
      const input = { email, password: formField(request, 'password'), displayName: name || null, emailVerified: false };
      outcome = await registerAccount(store, input, community.now());
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return signupPage(reply, 400, error.message, email, name);
    }
    mailLoginLink(outcome.user.email, outcome.created ? 'welcome' : 'already-registered');
    return sendHtml(
      reply,
      200,
      h(MessagePage, {
        site: ctx.site,
        title: 'Check your inbox',
        children: h('p', null, `A mail to ${outcome.user.email} has a link to log in. It works once, for 15 minutes.`),
      }),
    );
  });

  // The same answer whether or not the address has an account, so the form reveals no one.
  app.post('/login/link', guarded, async (request, reply) => {
    const email = formField(request, 'email');
    mailLoginLink(email, 'login', nextOf(request));
    return loginPage(
      request,
      reply,
      200,
      null,
      email,
      'If an account uses that address, a login link is on its way. It works once, for 15 minutes.',
    );
  });

  app.get<{ Querystring: Query }>('/login/link', async (request, reply) =>
    sendHtml(
      reply,
      200,
      h(LinkLoginPage, {
        site: ctx.site,
        csrf: reply.generateCsrf(),
        token: linkToken(request.query),
        next: nextOf(request),
      }),
    ),
  );

  app.post('/login/link/use', guarded, async (request, reply) => {
    const { session } = await logInWithLink(store, formField(request, 'token'), community.now());
    setSessionCookie(reply, ctx, session);
    return reply.redirect(nextOf(request) ?? '/papers', 303);
  });

  const settingsPage = async (request: FastifyRequest, reply: FastifyReply, newToken: string | null) => {
    const viewer = requireViewer(request);
    const tokens = await listApiTokens(store, viewer.id);
    return sendHtml(reply, 200, h(SettingsPage, { site: ctx.site, csrf: reply.generateCsrf(), viewer, tokens, newToken }));
  };

  app.get('/settings', async (request, reply) =>
    request.viewer ? settingsPage(request, reply, null) : reply.redirect('/login'),
  );

  app.post('/settings/tokens', guarded, async (request, reply) => {
    const { token } = await createApiToken(store, requireViewer(request).id, formField(request, 'name'), community.now());
    return settingsPage(request, reply, token);
  });

  app.post('/settings/tokens/delete', guarded, async (request, reply) => {
    const deleted = await revokeApiToken(store, requireViewer(request), formField(request, 'tokenId'));
    if (!deleted)
      return sendHtml(
        reply,
        404,
        h(MessagePage, { site: ctx.site, title: 'Not found', children: h('p', null, 'No such token of yours.') }),
      );
    return reply.redirect('/settings', 303);
  });
}
