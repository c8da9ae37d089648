/**
 * Who is asking: a session cookie (pages, and the page's own script) or a personal API token
 * (`Authorization: Bearer`). Form posts and session-authenticated API writes need the CSRF
 * token; token-authenticated API calls do not, since a browser never adds that header itself.
 */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { apiTokenUser, SESSION_TTL_MS, sessionUser } from '../social/accounts.ts';
import { Refusal } from '../social/errors.ts';
import type { User } from '../store/accounts.ts';
import type { WebContext } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: User | null;
    viewerVia: 'session' | 'token' | null;
  }
}

export const SESSION_COOKIE = 'dp_session';

export async function registerAuth(app: FastifyInstance, ctx: WebContext): Promise<void> {
  const secure = ctx.config.baseUrl.startsWith('https:');
  await app.register(cookie, { secret: ctx.config.secret });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(csrf, { cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true } });
  app.decorateRequest('viewer', null);
  app.decorateRequest('viewerVia', null);
  app.addHook('onRequest', async (request) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      request.viewer = await apiTokenUser(ctx.store, bearer, ctx.community.now(), (error) =>
        request.log.warn({ err: error }, 'could not record the API token as used'),
      );
      request.viewerVia = request.viewer ? 'token' : null;
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (session) {
      request.viewer = await sessionUser(ctx.store, session, ctx.community.now());
      request.viewerVia = request.viewer ? 'session' : null;
    }
  });
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https. */
export function setSessionCookie(reply: FastifyReply, ctx: WebContext, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.baseUrl.startsWith('https:'),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function requireViewer(request: FastifyRequest): User {
  if (!request.viewer) throw new Refusal('unauthenticated', 'log in first, or send Authorization: Bearer <token>');
  return request.viewer;
}

/** For form routes: the CSRF token from the form's `_csrf` field must match the cookie. */
export function formGuard(app: FastifyInstance): preHandlerHookHandler {
  return app.csrfProtection;
}

/**
 * For API writes: a valid token, or a session plus the page's CSRF token in `x-csrf-token`;
 * anything else is 401 before the CSRF check could say 403.
 */
export function apiWriteGuard(app: FastifyInstance): preHandlerHookHandler {
  return function (request, reply, done) {
    if (!request.viewer) {
      done(new Refusal('unauthenticated', 'Authentication required: send Authorization: Bearer <token> or log in'));
      return;
    }
    if (request.viewerVia === 'session') return app.csrfProtection.call(this, request, reply, done);
    done();
  };
}
