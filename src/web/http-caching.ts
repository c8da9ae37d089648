/**
 * Validators and freshness for every successful GET: an ETag (a hash of the bytes before any
 * compression, weak because the gzip and brotli variants share it) answered with 304 on
 * If-None-Match, and a Cache-Control. Answers keep whatever their route set (static assets for a
 * year, feeds for five minutes); the rest may be stored but are checked again on each use, so an
 * upvote or an import shows at once. An answer to a request with a cookie or credentials, or one
 * that sets a cookie, is `private`: a member's page never reaches anyone else from a shared cache.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addVary, COMPRESSION_THRESHOLD, isCompressible } from './compression.ts';

export const PUBLIC_REVALIDATED = 'public, no-cache';
export const PRIVATE_REVALIDATED = 'private, no-cache';

/** Registered after the cookie plugin, so a cookie this answer sets is already in its headers. */
export function registerHttpCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', cacheControlFor(request, reply));
    if (reply.hasHeader('etag')) return payload; // its route answers If-None-Match itself (cache, assets)
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams: no hash
    if (Buffer.byteLength(payload) >= COMPRESSION_THRESHOLD && isCompressible(String(reply.getHeader('content-type')))) {
      addVary(reply, 'accept-encoding');
    }
    const tag = etagOf(payload);
    reply.header('etag', tag);
    if (!matchesEtag(request, tag)) return payload;
    reply.code(304);
    return '';
  });
}

export function cacheControlFor(request: FastifyRequest, reply: FastifyReply): string {
  const personal = request.headers.cookie || request.headers.authorization || reply.hasHeader('set-cookie');
  return personal ? PRIVATE_REVALIDATED : PUBLIC_REVALIDATED;
}

export function etagOf(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** If-None-Match holds this tag (weak comparison, any of a list) or `*`. */
export function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}
