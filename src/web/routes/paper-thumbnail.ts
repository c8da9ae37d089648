/** `/papers/{id}/thumbnail.svg` and `.png`: the picture the hub draws of each paper (cards; Open Graph as PNG). */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { thumbnailSvg, thumbnailVersion } from '../../feeds/thumbnail.ts';
import { thumbnailPng } from '../../feeds/thumbnail-png.ts';
import type { WebContext } from '../context.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { single, type Query } from '../params.ts';

export const THUMBNAIL_SUFFIX = '/thumbnail.svg';
export const THUMBNAIL_PNG_SUFFIX = '/thumbnail.png';

// The address with the current `?v=` names these exact bytes for good; any other address may change.
const FOR_GOOD = 'public, max-age=31536000, immutable';
const FOR_A_DAY = 'public, max-age=86400';

/** Answers as everyone would see it (a paper a moderator hid is 404 here, for moderators too): the answer is shared. */
export async function sendPaperThumbnail(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: string,
  format: 'svg' | 'png',
) {
  const found = await lookUpPaper(ctx.store, input, null);
  if (found.kind !== 'found') return reply.code(404).type('text/plain; charset=utf-8').send(`No paper ${input} here.\n`);
  const version = thumbnailVersion(found.paper);
  // The PNG is the SVG rasterised: its version names it as well, so a revalidation costs no drawing.
  const etag = format === 'png' ? `"png-${version}"` : `"${hash(thumbnailSvg(found.paper))}"`;
  const current = single(request.query as Query, 'v') === version;
  reply.header('etag', etag).header('cache-control', current ? FOR_GOOD : FOR_A_DAY);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  if (format === 'png')
    return reply
      .code(200)
      .type('image/png')
      .send(await thumbnailPng(found.paper));
  return reply.code(200).type('image/svg+xml; charset=utf-8').send(thumbnailSvg(found.paper));
}

function hash(body: string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 22);
}
