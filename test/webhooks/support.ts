/**
 * What the webhook tests share: a real HTTP receiver on a free port that answers as a test
 * scripts it, and a real WebhookSource over the store (a filter is a member's name and
 * categories; its papers are the window's feed papers in those categories), as the saved
 * filters capability will provide one.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { anyCategoryMatches } from '../../src/core/categories.ts';
import type { Store } from '../../src/db/connect.ts';
import { webhookItemOf } from '../../src/feeds/webhook-item.ts';
import { feedPage } from '../../src/store/feed.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy, type WebhookDeps } from '../../src/webhooks/delivery.ts';
import type { WebhookSource } from '../../src/webhooks/source.ts';
import { BASE_URL } from '../web/fixtures.ts';

/** How the receiver answers one post: a status (with headers), or never (the connection hangs). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  url: string;
  /** Every post received, in order. */
  posts: { headers: IncomingHttpHeaders; body: string; path: string }[];
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1; `script(n)` answers the n-th post (0-based); 200 after the script ends. */
export async function startReceiver(script: Answer[] = []): Promise<Receiver> {
  const posts: Receiver['posts'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = script[posts.length] ?? { status: 200 };
      posts.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '' });
      if (answer === 'hang') return;
      response.writeHead(answer.status, answer.headers).end(answer.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TestFilter {
  userId: number;
  name: string;
  categories: string[];
}

/** A source whose filters are the test's: the window's feed papers, by upvotes, in the filter's categories. */
export function categorySource(store: Store, filters: Map<number, TestFilter>): WebhookSource {
  const own = (userId: number, filterId: number) => {
    const filter = filters.get(filterId);
    return filter && filter.userId === userId ? filter : null;
  };
  return {
    filtersOf: async (userId) => [...filters].filter(([, f]) => f.userId === userId).map(([id, f]) => ({ id, name: f.name })),
    describe: async (userId, filterId) => {
      const filter = own(userId, filterId);
      return filter ? { name: filter.name, url: `${BASE_URL}/filters/${filterId}` } : null;
    },
    papersIn: async (userId, filterId, window) => {
      const filter = own(userId, filterId);
      if (!filter) return [];
      const { items } = await feedPage(store, { range: window, order: 'upvotes', offset: 0, limit: 100 });
      return items.filter((item) => anyCategoryMatches(filter.categories, item.paper.categories));
    },
  };
}

/** The engine's parts over a test store, with short timeouts and no jitter unless a test says otherwise. */
export function testWebhookDeps(
  store: Store,
  source: WebhookSource,
  options: { allowPrivate: boolean; policy?: Partial<DeliveryPolicy> },
): WebhookDeps {
  return {
    store,
    source,
    itemOf: webhookItemOf({ baseUrl: BASE_URL }),
    allowPrivate: options.allowPrivate,
    logger: pino({ level: 'silent' }),
    policy: { ...DEFAULT_DELIVERY_POLICY, timeoutMs: 1_000, retryBaseMs: 0, random: () => 1, ...options.policy },
  };
}
