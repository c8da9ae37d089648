/**
 * E-mail subscriptions over HTTP: `POST /api/subscriptions`, the `/subscribe` form, and the
 * links in mails (`/confirm`, `/unsubscribe`, the manage link). Links carry a signed token
 * instead of a login, so they need no session and no CSRF token; the token is the proof.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.ts';
import { registerSubscriptionApi } from './subscriptions-api.ts';
import { registerSubscriptionPages } from './subscription-pages.ts';

export function registerSubscriptions(app: FastifyInstance, ctx: WebContext): void {
  // Not awaited: the server's own error handler, set after the routes, must reach these too.
  void app.register(async (scope) => {
    // Forms post urlencoded (the parser auth.ts registers for every form); RFC 8058 lets a mail
    // client post multipart/form-data, whose body carries nothing the token does not already say.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) =>
      done(null, {}),
    );
    registerSubscriptionApi(scope, ctx, ctx.mailer);
    registerSubscriptionPages(scope, ctx, ctx.mailer);
  });
}

/** The signed-in member (see auth.ts), to whose account a subscription is tied; null for anyone else. */
export function viewerOf(request: FastifyRequest): { id: number; role: string } | null {
  return request.viewer;
}
