/**
 * Every error a request can end in, answered in one place: a Refusal (bad request, not
 * logged in, not allowed, not found, rate limited, unavailable) with its status and words,
 * a database that cannot answer now (down, too slow, full) as a 503 with the reason,
 * Fastify's own client errors (a bad JSON body, a missing CSRF token) with theirs, and
 * anything else as a 500 whose cause goes to the log, never to the client. JSON under /api/,
 * a page elsewhere.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { databaseUnavailableReason } from '../db/unavailable.ts';
import { Refusal, type RefusalKind } from '../social/errors.ts';
import type { WebContext } from './context.ts';
import { sendHtml } from './html.ts';
import { ServerErrorPage } from './pages/error-page.tsx';
import { StaleFormPage, type SubmittedFields } from './pages/stale-form-page.tsx';
import { MessagePage } from './views/message-page.tsx';

/** How soon a client may try again after the database was unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

const STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'rate-limited': 429,
  unavailable: 503,
};

const TITLE: Record<RefusalKind, string> = {
  invalid: 'That did not work',
  unauthenticated: 'Please log in',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  'rate-limited': 'Too many attempts',
  unavailable: 'Try again later',
};

/** The answer to an error thrown by a handler, a hook or validation. */
export function answerError(ctx: WebContext, error: FastifyError | Refusal, request: FastifyRequest, reply: FastifyReply) {
  const stale = staleForm(error, request);
  if (stale) {
    return sendHtml(reply, 403, h(StaleFormPage, { site: ctx.site, csrf: reply.generateCsrf(), ...stale }));
  }
  const unavailable = databaseUnavailableReason(error);
  if (unavailable) {
    // The database is down, too slow or full: the operator's to fix, the client's to retry.
    request.log.warn({ err: error, url: request.url }, 'database unavailable');
    void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
  }
  const refusal = unavailable
    ? { status: STATUS.unavailable, title: TITLE.unavailable, message: `Service unavailable: ${unavailable}` }
    : asRefusal(error);
  if (refusal === null) {
    request.log.error({ err: error, url: request.url }, 'request failed');
    if (wantsJson(request)) return reply.code(500).send({ error: 'Internal server error' });
    return sendHtml(reply, 500, h(ServerErrorPage, { site: ctx.site }));
  }
  const { status, title, message } = refusal;
  if (error instanceof Refusal && error.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(error.retryAfterSeconds));
  }
  if (wantsJson(request)) return reply.code(status).send({ error: message });
  return sendHtml(reply, status, h(MessagePage, { site: ctx.site, title, children: h('p', null, message) }));
}

/**
 * A Refusal, or a client error Fastify raised (its messages name the problem); null for
 * anything else, whose text could name tables or paths.
 */
function asRefusal(error: FastifyError | Refusal): { status: number; title: string; message: string } | null {
  if (error instanceof Refusal) return { status: STATUS[error.kind], title: TITLE[error.kind], message: error.message };
  const status = 'statusCode' in error ? error.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) return { status, title: 'Bad request', message: error.message };
  return null;
}

const CSRF_ERRORS = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);

/** A form post refused for its anti-forgery token: where it went and what it carried, to send again. */
function staleForm(error: FastifyError | Refusal, request: FastifyRequest): { action: string; fields: SubmittedFields } | null {
  if (!('code' in error) || !CSRF_ERRORS.has(error.code) || wantsJson(request) || request.method !== 'POST') return null;
  if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return null;
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  // Only this site's own paths: the URL came from the request line.
  const action = request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
  return { action, fields: body as SubmittedFields };
}

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/openapi.json');
}
