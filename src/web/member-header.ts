/**
 * A signed-in member sees their name, Settings and Log out in the header of every page, while
 * the page itself is rendered (and cached) as everyone sees it: the visitor's links are swapped
 * for the member's as the HTML leaves. Its hook runs before @fastify/compress's (a route hook,
 * run after the app's), and the response cache leaves members' pages uncompressed, so it sees the text.
 */
import type { FastifyInstance } from 'fastify';
import { PRIVATE_REVALIDATED } from './http-caching.ts';
import { memberAccount, VISITOR_ACCOUNT } from './views/account-links.tsx';

export function registerMemberHeader(app: FastifyInstance): void {
  // A page revalidated against a copy fetched before logging in would keep "Log in": members revalidate nothing.
  app.addHook('preHandler', async (request) => {
    if (request.viewer && request.viewerVia === 'session') delete request.headers['if-none-match'];
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const viewer = request.viewer;
    if (!viewer || request.viewerVia !== 'session') return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    if (reply.hasHeader('content-encoding')) return payload; // compressed already: nothing to read (the cache keeps members' pages plain)
    const html = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (html === null || !html.includes(VISITOR_ACCOUNT)) return payload;
    reply.removeHeader('etag'); // http-caching.ts tags the member's own bytes
    // A page that is never to be stored (the library, with its notes) stays so.
    if (!String(reply.getHeader('cache-control') ?? '').includes('no-store')) reply.header('cache-control', PRIVATE_REVALIDATED);
    return html.replace(VISITOR_ACCOUNT, memberAccount(viewer.displayName, reply.generateCsrf()));
  });
}
