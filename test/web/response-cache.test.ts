import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/store/accounts.ts';
import { type Rendered, ResponseCache } from '../../src/web/response-cache.ts';

/** A server whose one route counts its renderings, behind a cache with a hand-moved clock. */
function setup(options: { ttlMs?: number; maxBytes?: number; status?: number; delayMs?: number } = {}) {
  let clock = 1_000;
  let renders = 0;
  const cache = new ResponseCache({
    ttlMs: options.ttlMs ?? 2_000,
    maxBytes: options.maxBytes ?? 1_000_000,
    now: () => clock,
    variantOf: (request) => String(request.headers['x-density'] ?? ''),
  });
  const app = Fastify();
  // What the auth hook does for a live session (src/web/auth.ts): here the cookie `session=member` is one.
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    if (request.headers.cookie?.includes('session=member')) request.viewer = { id: 1 } as User;
  });
  app.get<{ Params: { name: string } }>('/:name', (request, reply) =>
    cache.serve(request, reply, async (): Promise<Rendered> => {
      renders++;
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return {
        status: options.status ?? 200,
        type: 'text/plain',
        body: `${request.params.name} #${renders}`,
        headers: { 'x-kind': 'test' },
      };
    }),
  );
  return {
    app,
    cache,
    renders: () => renders,
    advance: (ms: number) => (clock += ms),
  };
}

describe('response cache', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('reuses a rendering until it expires', async () => {
    const t = setup();
    app = t.app;
    expect((await app.inject({ url: '/a' })).body).toBe('a #1');
    expect((await app.inject({ url: '/a' })).body).toBe('a #1');
    expect((await app.inject({ url: '/b' })).body).toBe('b #2');
    t.advance(1_999);
    expect((await app.inject({ url: '/a' })).body).toBe('a #1');
    t.advance(1);
    const fresh = await app.inject({ url: '/a' });
    expect(fresh.body).toBe('a #3');
    expect(fresh.headers['x-kind']).toBe('test');
    expect(fresh.headers['content-type']).toBe('text/plain');
  });

  it('renders once for concurrent requests of one URL', async () => {
    const t = setup({ delayMs: 20 });
    app = t.app;
    const bodies = await Promise.all(Array.from({ length: 10 }, () => app!.inject({ url: '/a' }).then((r) => r.body)));
    expect(new Set(bodies)).toEqual(new Set(['a #1']));
    expect(t.renders()).toBe(1);
  });

  it('answers If-None-Match with 304', async () => {
    const t = setup();
    app = t.app;
    const first = await app.inject({ url: '/a' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    const again = await app.inject({ url: '/a', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('never keeps answers other than 200, nor answers to members or requests with credentials', async () => {
    const failing = setup({ status: 404 });
    app = failing.app;
    await app.inject({ url: '/a' });
    expect((await app.inject({ url: '/a' })).statusCode).toBe(404);
    expect(failing.renders()).toBe(2);
    await app.close();

    const t = setup();
    app = t.app;
    await app.inject({ url: '/a', headers: { cookie: 'session=member' } });
    await app.inject({ url: '/a', headers: { authorization: 'Bearer x' } });
    expect(t.renders()).toBe(2);
    expect((await app.inject({ url: '/a' })).body).toBe('a #3');
  });

  it('shares renderings with visitors whose cookies are not a session, one per variant', async () => {
    const t = setup();
    app = t.app;
    expect((await app.inject({ url: '/a' })).body).toBe('a #1');
    // A preference cookie or a lapsed session: the page is everyone's.
    expect((await app.inject({ url: '/a', headers: { cookie: 'density=titles; session=lapsed' } })).body).toBe('a #1');
    expect((await app.inject({ url: '/a', headers: { 'x-density': 'titles' } })).body).toBe('a #2');
    expect((await app.inject({ url: '/a', headers: { 'x-density': 'titles' } })).body).toBe('a #2');
    expect((await app.inject({ url: '/a' })).body).toBe('a #1');
    expect(t.renders()).toBe(2);
  });

  it('forgets everything on clear(), and nothing with a TTL of 0', async () => {
    const t = setup();
    app = t.app;
    await app.inject({ url: '/a' });
    t.cache.clear();
    expect((await app.inject({ url: '/a' })).body).toBe('a #2');
    await app.close();

    const off = setup({ ttlMs: 0 });
    app = off.app;
    await app.inject({ url: '/a' });
    await app.inject({ url: '/a' });
    expect(off.renders()).toBe(2);
  });

  it('drops the oldest renderings past its byte budget', async () => {
    const t = setup({ maxBytes: 10 });
    app = t.app;
    await app.inject({ url: '/a' }); // "a #1": 4 bytes
    await app.inject({ url: '/b' }); // "b #2": 4 bytes
    await app.inject({ url: '/c' }); // "c #3": over 10, so /a goes
    expect((await app.inject({ url: '/c' })).body).toBe('c #3');
    expect((await app.inject({ url: '/b' })).body).toBe('b #2');
    expect((await app.inject({ url: '/a' })).body).toBe('a #4');
  });

  it('lets expired renderings go as new ones come in, not only past its byte budget', async () => {
    const t = setup({ ttlMs: 2_000 });
    app = t.app;
    await app.inject({ url: '/a' }); // "a #1": 4 bytes
    await app.inject({ url: '/b' }); // "b #2"
    expect(t.cache.heldBytes).toBe(8);
    t.advance(1_500);
    await app.inject({ url: '/c' }); // "c #3": /a and /b have half a second left
    expect(t.cache.heldBytes).toBe(12);
    t.advance(1_000);
    await app.inject({ url: '/d' }); // "d #4": /a and /b expired, /c not
    expect(t.cache.heldBytes).toBe(8);
    expect((await app.inject({ url: '/c' })).body).toBe('c #3');
    expect((await app.inject({ url: '/a' })).body).toBe('a #5');
  });
});
