/**
 * E-mail subscriptions over HTTP: `POST /api/subscriptions`, the `/subscribe` form, and the
 * links in mails (`/confirm`, `/unsubscribe`, the manage link). Links carry a signed token
 * instead of a login, so they need no session and no CSRF token; the token is the proof.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.ts';
import { registerSubscriptionApi } from './subscriptions-api.ts';
import { registerSubscriptionPages } from './subscription-pages.ts';

export function registerSubscriptions(app: FastifyInstance, ctx: WebContext): void {
  // Not awaited: the server's own error handler, set after the routes, must reach these too.
  void app.register(async (scope) => {
    // Forms post urlencoded; RFC 8058 lets a mail client post multipart/form-data, whose body
    // carries nothing the token does not already say.
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded'))
      await scope.register(formbody, { bodyLimit: 16 * 1024 });
    if (!scope.hasContentTypeParser('multipart/form-data')) {
      scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) =>
        done(null, {}),
      );
    }
    registerSubscriptionApi(scope, ctx, ctx.mailer);
    registerSubscriptionPages(scope, ctx, ctx.mailer);
  });
}

/** The signed-in member, once accounts are wired in; subscriptions are then tied to the account. */
export function viewerOf(request: FastifyRequest): { id: number; role: string } | null {
  return (request as unknown as { viewer?: { id: number; role: string } | null }).viewer ?? null;
}
