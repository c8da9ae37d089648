import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import type { Rendered } from './response-cache.ts';
import { renderPage } from './views/render.ts';

const HTML = 'text/html; charset=utf-8';

/** A page component rendered to a whole HTML document, ready to send or cache. */
export function htmlResponse<P>(status: number, page: VNode<P>): Rendered {
  return { status, type: HTML, body: renderPage(page) };
}

/** Renders a page component and sends it, for pages that are not cached. */
export function sendHtml<P>(reply: FastifyReply, status: number, page: VNode<P>): FastifyReply {
  return reply.code(status).type(HTML).send(renderPage(page));
}
