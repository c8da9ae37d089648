import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Refusal, type RefusalKind } from '../social/errors.ts';
import type { WebContext } from './context.ts';
import { sendHtml } from './html.ts';
import { MessagePage } from './views/message-page.tsx';

const STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'rate-limited': 429,
  unavailable: 503,
};

/** Runs a handler and answers a Refusal it throws with its status: JSON under /api/, a page elsewhere. */
export async function answeringRefusals(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await handler();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const status = STATUS[error.kind];
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    if (request.url.startsWith('/api/')) return reply.code(status).send({ error: error.message });
    return sendHtml(
      reply,
      status,
      h(MessagePage, { site: ctx.site, title: titleOf(error.kind), children: h('p', null, error.message) }),
    );
  }
}

function titleOf(kind: RefusalKind): string {
  switch (kind) {
    case 'unauthenticated':
      return 'Please log in';
    case 'forbidden':
      return 'Not allowed';
    case 'not-found':
      return 'Not found';
    case 'rate-limited':
      return 'Too many attempts';
    case 'unavailable':
      return 'Try again later';
    default:
      return 'That did not work';
  }
}
