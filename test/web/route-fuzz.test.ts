/**
 * Every route, fuzzed: path parameters, query parameters and bodies full of what clients should
 * not send (NUL, control characters, lone surrogates, invalid UTF-8, repeated parameters, huge
 * numbers, 100 kB values, JSON of the wrong type), anonymously, with an API token and with a
 * session and its CSRF token. No answer may be a 5xx. The seed is fixed, so a failure repeats;
 * the routes are read from the server itself, so a new route is fuzzed without being listed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { routesOf } from '../support/routes.ts';
import { buildTestServer } from '../support/web-server.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { Browser } from './community-fixtures.ts';
import { NOW, saveFixtures, testConfig, THREE_DAYS } from './fixtures.ts';
import { seededRandom } from '../../src/core/seeded-random.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 13);
// At least this many cases, and enough that every route gets some depth however many there are.
const CASES = 5_000;
const CASES_PER_ROUTE = 40;
const BIG = 100 * 1024;
const IN_FLIGHT = 4;

// Values a route may accept, so the fuzz reaches past the first check.
const PLAUSIBLE = [
  '2603.00010',
  '2603.00666',
  '1',
  '0',
  '2',
  '2026-03-02',
  '2026-W09',
  '2026-03',
  'routing',
  'cs.CL',
  'daily',
  'weekly',
  'trending',
  'publishedAt',
  'comments',
  'bibtex',
  'true',
  'admin',
  'member@example.org',
  'a long password',
  'https://arxiv.org/abs/2603.00010',
];
// Decoded strings no client should send.
const HOSTILE = [
  '\u0000',
  'a\u0000b',
  '\u0001',
  '\u000B',
  '\u001F\u007F',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDC00x',
  'x\uD83D',
  '\u202E',
  '💥',
  '-1',
  '1e309',
  '99999999999999999999999',
  '-0',
  'NaN',
  'Infinity',
  '1.5',
  '0x10',
  ' ',
  '',
  "'; DROP TABLE papers; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%',
  '%%',
  '\\',
  '"',
  '{}',
  '[]',
  'null',
];
// Raw URL fragments that decode to nothing valid: invalid UTF-8, overlong forms, encoded surrogates.
const RAW_URL = [
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%E0%80',
  '%',
  '%G0',
  '%00',
  '%01',
  '%0B',
  '%EF%BF%BE',
  '%2e%2e%2f',
  '%0D%0AX-Injected:%201',
];
const NAMES = [
  'q',
  'p',
  'limit',
  'date',
  'week',
  'month',
  'submitter',
  'sort',
  'cursor',
  'field',
  'format',
  'from',
  'to',
  'category',
  'hasCode',
  'token',
  'email',
  'password',
  'name',
  'displayName',
  'frequency',
  'categories',
  'text',
  'parentId',
  'arxivId',
  'id',
  'role',
  'userId',
  'paperId',
  'reason',
  'day',
  'pick',
  'next',
  'tokenId',
  'positivePaperIds',
  'negativePaperIds',
  '_csrf',
  '__proto__',
  'constructor',
];

class CaseMaker {
  constructor(private readonly next: () => number) {}

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  text(): string {
    const roll = this.next();
    if (roll < 0.45) return this.pick(PLAUSIBLE);
    if (roll < 0.85) return this.pick(HOSTILE);
    if (roll < 0.97) return this.pick(PLAUSIBLE) + this.pick(HOSTILE) + this.pick(PLAUSIBLE);
    return this.pick(['x', '1', '\u0001', 'é']).repeat(BIG);
  }

  /** A percent-encoded URL component: mostly a string encoded as UTF-8, sometimes raw hostile bytes. */
  urlPart(): string {
    if (this.chance(0.2)) return this.pick(RAW_URL) + encode(this.text().slice(0, 64));
    return encode(this.text());
  }

  /** A query string, and the values of each repeated parameter as the server decodes them. */
  query(): { text: string; repeated: string[][] } {
    const parts: string[] = [];
    const repeated: string[][] = [];
    const count = Math.floor(this.next() * 5);
    for (let i = 0; i < count; i++) {
      const name = this.chance(0.9) ? this.pick(NAMES) : this.urlPart();
      const times = this.chance(0.15) ? 2 + Math.floor(this.next() * 3) : 1;
      const values = Array.from({ length: times }, () => this.urlPart());
      for (const value of values) parts.push(`${encode(name)}=${value}`);
      if (times > 1) repeated.push(values.map((value) => new URLSearchParams(`v=${value}`).get('v')!));
    }
    return { text: parts.length ? `?${parts.join('&')}` : '', repeated };
  }

  json(depth = 0): unknown {
    const roll = this.next();
    if (roll < 0.35) return this.text();
    if (roll < 0.5) return this.pick([0, -1, 1, 2.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 63]);
    if (roll < 0.6) return this.pick([true, false, null]);
    if (roll < 0.8 && depth < 2) return Array.from({ length: Math.floor(this.next() * 4) }, () => this.json(depth + 1));
    if (depth < 2) return this.fields(depth + 1);
    return this.text();
  }

  fields(depth = 0): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    const count = Math.floor(this.next() * 5);
    for (let i = 0; i < count; i++) body[this.chance(0.9) ? this.pick(NAMES) : this.text().slice(0, 32)] = this.json(depth);
    return body;
  }

  /** A body of the route's kind or the wrong kind: JSON (often not an object), a form, or garbage. */
  body(csrf: string | null): Pick<InjectOptions, 'payload' | 'headers'> {
    const roll = this.next();
    if (roll < 0.5) {
      const value = this.chance(0.7) ? this.fields() : this.json();
      return { payload: JSON.stringify(value), headers: { 'content-type': 'application/json' } };
    }
    if (roll < 0.9) {
      const form = new URLSearchParams();
      // JSON, not String(): a nested "__proto__": null leaves an object that String() cannot convert.
      for (const [key, value] of Object.entries(this.fields()))
        form.append(key, typeof value === 'string' ? value : JSON.stringify(value));
      if (csrf && this.chance(0.8)) form.set('_csrf', csrf);
      return { payload: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
    const text = this.pick(['{"text":', '[1,2', '\u0000', 'a=%FF&b=%', '{"__proto__":{"admin":true}}', '']);
    return {
      payload: text,
      headers: { 'content-type': this.pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']) },
    };
  }
}

/**
 * Where an answer echoes a repeated parameter's values joined with commas (what String() makes
 * of the array a query parser gives for `?token=a&token=b`): it took a list for one value.
 */
function echoedJoined(body: string, values: string[]): string | null {
  const joined = values.join(',');
  // Short joins ("1,2") occur in pages by chance; the hostile and plausible values are longer.
  if (joined.length < 8) return null;
  const escaped = joined.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return body.includes(joined) || body.includes(escaped) ? joined : null;
}

/** Percent-encodes a string as UTF-8; a lone surrogate becomes U+FFFD, as a browser sends it. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

describe.each(DIALECTS)('every route, fuzzed, on %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let token: string;
  let session: { cookie: string; csrf: string };
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, THREE_DAYS);
    const admin = await signUp(
      store,
      { email: 'admin@example.org', password: 'a long password', displayName: 'Admin', role: 'admin' },
      NOW,
    );
    ({ token } = await createApiToken(store, admin.id, 'fuzz', NOW));
    app = await buildTestServer({
      config: testConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'dp-fuzz-')) }),
      store,
      responseCacheSeconds: 0,
      // Submitting an unknown id looks it up at arXiv: not from a test.
      arxivLookup: async () => null,
      now: () => NOW,
    });
    const browser = new Browser(app);
    const login = await browser.logIn('admin@example.org', 'a long password');
    expect(login.status).toBe(303);
    await browser.get('/settings');
    session = { cookie: browser.cookieHeader(), csrf: browser.csrf };
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  // A few milliseconds a case (pages render, writes commit); a few in flight at once overlap
  // the database's round trips. The cases themselves come from the seed in a fixed order.
  it(`answers ${CASES}+ hostile requests across every route without a 5xx`, { timeout: 180_000 }, async () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(50);
    const make = new CaseMaker(seededRandom(SEED));
    const failures: string[] = [];
    const hits = new Map<string, number>();
    const cases = Array.from({ length: Math.max(CASES, CASES_PER_ROUTE * routes.length) }, () => {
      const route = make.pick(routes);
      const path = route.path.replace(/:\w+|\*/g, () => make.urlPart());
      const auth = make.pick(['none', 'token', 'session'] as const);
      const headers: Record<string, string> = {};
      if (auth === 'token') headers.authorization = `Bearer ${token}`;
      if (auth === 'session' && route.path !== '/logout') headers.cookie = session.cookie;
      const body = ['POST', 'PATCH', 'DELETE', 'PUT'].includes(route.method)
        ? make.body(auth === 'session' ? session.csrf : null)
        : {};
      const query = make.query();
      return {
        route,
        repeated: query.repeated,
        request: { method: route.method as 'GET', url: path + query.text, ...body, headers: { ...headers, ...body.headers } },
      };
    });
    const run = async ({ route, repeated, request }: (typeof cases)[number]) => {
      const res = await app.inject(request);
      hits.set(`${route.method} ${route.path}`, (hits.get(`${route.method} ${route.path}`) ?? 0) + 1);
      const echoed = repeated.map((values) => echoedJoined(res.body, values)).find(Boolean);
      if (res.statusCode >= 500 || echoed) {
        failures.push(
          `${res.statusCode} ${request.method} ${request.url.slice(0, 200)} ${String(request.payload ?? '').slice(0, 200)} → ${echoed ? `echoes ${JSON.stringify(echoed)}` : res.body.slice(0, 200)}`,
        );
      }
    };
    for (let i = 0; i < cases.length; i += IN_FLIGHT) await Promise.all(cases.slice(i, i + IN_FLIGHT).map(run));
    expect(failures.slice(0, 10)).toEqual([]);
    // Every route was exercised, with some depth.
    for (const route of routes)
      expect(hits.get(`${route.method} ${route.path}`) ?? 0, `${route.method} ${route.path}`).toBeGreaterThanOrEqual(20);
  });

  // Every route, every parameter name given twice: a single-valued parameter is refused (400) or
  // one value is used, never both joined ("a,b") into what the page shows or does.
  it('never takes a repeated parameter as one value joined with a comma', { timeout: 120_000 }, async () => {
    const sample: Record<string, string> = {
      ':day': '2026-03-02',
      ':week': '2026-W09',
      ':month': '2026-03',
      ':commentId': '1',
      ':name': 'style.css',
    };
    const requests = routesOf(app)
      .filter((route) => route.method !== 'HEAD' && route.path !== '/logout')
      .flatMap((route) =>
        NAMES.map((name) => ({
          method: route.method as 'GET',
          url: `${route.path.replace(/:\w+|\*/g, (param) => sample[param] ?? '2603.00010')}?${name}=first-value&${name}=second-value`,
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: route.method === 'GET' ? undefined : new URLSearchParams({ _csrf: session.csrf }).toString(),
        })),
      );
    const failures: string[] = [];
    const run = async (request: (typeof requests)[number]) => {
      const res = await app.inject(request);
      if (res.statusCode >= 500 || res.body.includes('first-value,second-value')) {
        failures.push(`${res.statusCode} ${request.method} ${request.url} → ${res.body.slice(0, 200)}`);
      }
    };
    for (let i = 0; i < requests.length; i += IN_FLIGHT) await Promise.all(requests.slice(i, i + IN_FLIGHT).map(run));
    expect(failures).toEqual([]);
  });
});
