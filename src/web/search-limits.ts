/**
 * A share of the search capacity per client: each address may have a few searches running at
 * once, and one more is answered 429 with Retry-After at once instead of queueing behind its
 * own. A client that floods the search box then waits on itself; everyone else's searches
 * and pages go on. The address is the socket's, or X-Forwarded-For's under TRUST_PROXY.
 * Many addresses at once (a botnet, or a crowd) meet a cap on searches server-wide, so pages
 * that are not searches never queue behind more than a few.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Refusal } from '../social/errors.ts';

/** Searches one client may have running at once. */
export const SEARCHES_PER_CLIENT = 2;
/** Searches running at once on the whole server. */
export const SEARCHES_AT_ONCE = 4;

const SEARCH_ROUTES = new Set([
  '/api/papers/search',
  '/papers/search.atom',
  '/api/papers/:arxivId/similar',
  // A topics chart runs one index match per term.
  '/papers/topics',
  '/papers/topics.csv',
  // A recommendation runs one index match per library paper.
  '/api/recommendations',
  '/api/me/recommendations',
  '/papers/for-you',
]);

export function registerSearchLimits(
  app: FastifyInstance,
  limits = { perClient: SEARCHES_PER_CLIENT, atOnce: SEARCHES_AT_ONCE },
): void {
  const { perClient, atOnce } = limits;
  const running = new Map<string, number>();
  const holding = new WeakSet<FastifyRequest>();
  let total = 0;

  const release = async (request: FastifyRequest) => {
    if (!holding.delete(request)) return;
    total--;
    const left = (running.get(request.ip) ?? 1) - 1;
    if (left > 0) running.set(request.ip, left);
    else running.delete(request.ip);
  };

  // A Refusal thrown here is answered by the server's one error handler (429, Retry-After).
  app.addHook('onRequest', async (request) => {
    if (!isSearch(request)) return;
    const count = running.get(request.ip) ?? 0;
    if (count >= perClient) {
      throw new Refusal('rate-limited', `at most ${perClient} searches at once from one address; try again in a moment`, 1);
    }
    if (total >= atOnce) {
      throw new Refusal('rate-limited', 'the server is answering as many searches as it can; try again in a moment', 1);
    }
    running.set(request.ip, count + 1);
    total++;
    holding.add(request);
  });
  // Whichever comes: the answer sent, or the client gone before it.
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}

function isSearch(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route === undefined) return false;
  if (SEARCH_ROUTES.has(route)) return true;
  // /papers is the latest feed day unless it carries a query.
  return route === '/papers' && typeof (request.query as { q?: unknown }).q === 'string';
}
