/** `/papers/{id}/thumbnail.svg`: the picture the hub draws of each paper (cards, Open Graph). */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { thumbnailSvg, thumbnailVersion } from '../../feeds/thumbnail.ts';
import type { WebContext } from '../context.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { single, type Query } from '../params.ts';

export const THUMBNAIL_SUFFIX = '/thumbnail.svg';

// The address with the current `?v=` names these exact bytes for good; any other address may change.
const FOR_GOOD = 'public, max-age=31536000, immutable';
const FOR_A_DAY = 'public, max-age=86400';

/** Answers as everyone would see it (a paper a moderator hid is 404 here, for moderators too): the answer is shared. */
export async function sendPaperThumbnail(ctx: WebContext, request: FastifyRequest, reply: FastifyReply, input: string) {
  const found = await lookUpPaper(ctx.store, input, null);
  if (found.kind !== 'found') return reply.code(404).type('text/plain; charset=utf-8').send(`No paper ${input} here.\n`);
  const body = thumbnailSvg(found.paper);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  const current = single(request.query as Query, 'v') === thumbnailVersion(found.paper);
  reply.header('etag', etag).header('cache-control', current ? FOR_GOOD : FOR_A_DAY);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(200).type('image/svg+xml; charset=utf-8').send(body);
}
