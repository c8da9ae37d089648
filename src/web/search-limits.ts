/**
 * A share of the search capacity per client: each address may have a few searches running at
 * once, and one more is refused (429 with Retry-After) instead of queueing behind its own. A
 * client that floods the search box then waits on itself; everyone else's searches and pages
 * go on. The address is the socket's, or X-Forwarded-For's under TRUST_PROXY.
 * Many addresses at once (a botnet, or a crowd) meet a cap on searches server-wide, so pages
 * that are not searches never queue behind more than a few.
 *
 * Past the server-wide cap a search waits a moment, in turn, for a place: a person arriving at
 * a busy moment is answered a little later instead of refused. And a refusal is not sent at once:
 * it is sent when the client may try again. A client that ignores Retry-After and asks again the
 * moment it is refused would otherwise turn each of its connections into a loop of refusals,
 * thousands a second, whose cost the readers share; held, each costs a timer. Both waits are
 * bounded in number, past which the refusal is immediate, so they cannot hold the server's sockets.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Refusal } from '../social/errors.ts';

export interface SearchLimits {
  /** Searches one client may have running or waiting at once. */
  perClient: number;
  /** Searches running at once on the whole server. */
  atOnce: number;
  /** How long a search past the server-wide cap waits for a place before it is refused. */
  waitMs: number;
  /** Searches that may wait for a place at once; more are refused. */
  waiting: number;
  /** How long a refusal is held before it is sent (the Retry-After, in milliseconds). */
  refusalDelayMs: number;
  /** Refusals that may be held at once; more are sent at once. */
  heldRefusals: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = Object.freeze({
  perClient: 2,
  atOnce: 4,
  waitMs: 1_000,
  waiting: 64,
  refusalDelayMs: 1_000,
  heldRefusals: 512,
});
/** Searches one client may have running at once. */
export const SEARCHES_PER_CLIENT = DEFAULT_SEARCH_LIMITS.perClient;
/** Searches running at once on the whole server. */
export const SEARCHES_AT_ONCE = DEFAULT_SEARCH_LIMITS.atOnce;

const SEARCH_ROUTES = new Set([
  '/api/papers/search',
  '/papers/search.atom',
  '/papers/search.json',
  // A saved filter's page and feeds match through the index as a search does.
  '/filters/:id',
  '/filters/:id/feed.atom',
  '/filters/:id/feed.json',
  '/api/me/filters/:id/papers',
  '/api/papers/:arxivId/similar',
  // A topics chart runs one index match per term.
  '/papers/topics',
  '/papers/topics.csv',
  // A recommendation runs one index match per library paper.
  '/api/recommendations',
  '/api/me/recommendations',
  '/papers/for-you',
]);

export function registerSearchLimits(app: FastifyInstance, overrides: Partial<SearchLimits> = {}): void {
  const limits = { ...DEFAULT_SEARCH_LIMITS, ...overrides };
  const retryAfterSeconds = Math.max(1, Math.ceil(limits.refusalDelayMs / 1000));
  const perClient = new Map<string, number>();
  const holding = new WeakSet<FastifyRequest>();
  const gone = new WeakSet<FastifyRequest>();
  const queue: { grant: () => void }[] = [];
  let running = 0;
  let heldRefusals = 0;

  const refuse = async (message: string): Promise<never> => {
    if (heldRefusals < limits.heldRefusals && limits.refusalDelayMs > 0) {
      heldRefusals++;
      await sleep(limits.refusalDelayMs).finally(() => heldRefusals--);
    }
    // Answered by the server's one error handler (429, Retry-After).
    throw new Refusal('rate-limited', message, retryAfterSeconds);
  };

  const leaveClient = (ip: string) => {
    const left = (perClient.get(ip) ?? 1) - 1;
    if (left > 0) perClient.set(ip, left);
    else perClient.delete(ip);
  };

  /** A place on the server, now or within the wait; false when none came. */
  const place = (): Promise<boolean> | boolean => {
    if (running < limits.atOnce) {
      running++;
      return true;
    }
    if (queue.length >= limits.waiting) return false;
    return new Promise((resolve) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(entry), 1);
        resolve(false);
      }, limits.waitMs);
      queue.push(entry);
    });
  };

  const release = async (request: FastifyRequest) => {
    if (!holding.delete(request)) return;
    leaveClient(request.ip);
    // The place passes to the search that has waited longest, without counting down and up.
    const next = queue.shift();
    if (next) next.grant();
    else running--;
  };

  app.addHook('onRequest', async (request) => {
    if (!isSearch(request)) return;
    const ip = request.ip;
    const mine = perClient.get(ip) ?? 0;
    if (mine >= limits.perClient) {
      return refuse(`at most ${limits.perClient} searches at once from one address; try again in a moment`);
    }
    perClient.set(ip, mine + 1);
    if (!(await place())) {
      leaveClient(ip);
      return refuse('the server is answering as many searches as it can; try again in a moment');
    }
    holding.add(request);
    // A client that left while its search waited gives the place straight back.
    if (gone.has(request)) await release(request);
  });
  // Whichever comes: the answer sent, or the client gone before it.
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', async (request) => {
    gone.add(request);
    await release(request);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isSearch(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route === undefined) return false;
  if (SEARCH_ROUTES.has(route)) return true;
  // /papers is the latest feed day unless it carries a query.
  return route === '/papers' && typeof (request.query as { q?: unknown }).q === 'string';
}
