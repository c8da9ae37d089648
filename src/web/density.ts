/**
 * How much each card of a list shows: the title only, or with the start of its abstract.
 * The choice is a cookie set by a GET form (so it works without script); the response cache
 * keeps one rendering per choice, so a visitor with the cookie still gets shared pages.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Refusal } from '../social/errors.ts';
import { addVary } from './compression.ts';
import { type Query, single } from './params.ts';
import { sameSitePath } from './return-path.ts';

export type Density = 'titles' | 'abstracts';
export const DENSITY_COOKIE = 'density';
const YEAR_SECONDS = 365 * 24 * 3600;

export function densityOf(request: FastifyRequest): Density {
  return request.cookies[DENSITY_COOKIE] === 'titles' ? 'titles' : 'abstracts';
}

export function registerDensity(app: FastifyInstance): void {
  // A browser or proxy must not answer a list kept from before the choice changed.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) addVary(reply, 'cookie');
    return payload;
  });
  app.get<{ Querystring: Query }>('/density', async (request, reply) => {
    const show = single(request.query, 'show');
    const back = sameSitePath(single(request.query, 'next')) ?? '/papers';
    if (show !== 'titles' && show !== 'abstracts') throw new Refusal('invalid', 'show must be “titles” or “abstracts”');
    reply.setCookie(DENSITY_COOKIE, show, { path: '/', maxAge: YEAR_SECONDS, sameSite: 'lax', httpOnly: true });
    return reply.redirect(back, 303);
  });
}
