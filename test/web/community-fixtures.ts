/**
 * A server for the community tests: its own DATA_DIR (the login-mail outbox), a local arXiv
 * API serving Atom fixtures, and a member "browser" that keeps cookies and reads CSRF tokens.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/config.ts';
import type { Store } from '../../src/db/connect.ts';
import { fetchArxivPaper } from '../../src/ingest/arxiv-api-client.ts';
import { PoliteHttpClient } from '../../src/ingest/http-client.ts';
import { send, startServer, type TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { buildTestServer } from '../support/web-server.ts';
import { BASE_URL } from './fixtures.ts';

const ATOM = new URL('../social/testdata/', import.meta.url);
const KNOWN = new Set(['2602.01234', '2401.00001', '2602.00666']);

/** A local arXiv API: the fixtures in test/social/testdata, an empty feed for any other id. */
export function startArxiv(): Promise<TestServer> {
  return startServer((req, res) => {
    const id = new URL(req.url!, 'http://x').searchParams.get('id_list')!;
    send(res, 200, readFileSync(new URL(KNOWN.has(id) ? `arxiv-${id}.xml` : 'arxiv-empty.xml', ATOM), 'utf8'));
  });
}

export async function communityServer(
  store: Store,
  arxivUrl: string,
  now = () => new Date('2026-03-02T12:00:00Z'),
  env: Record<string, string> = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-community-'));
  const config = loadConfig({ DATA_DIR: dataDir, SECRET: 'test secret', BASE_URL, LOG_LEVEL: 'silent', ...env });
  const client = new PoliteHttpClient({ minIntervalMs: 0, maxAttempts: 1, timeoutMs: 2000 });
  const app = await buildTestServer({
    config,
    store,
    responseCacheSeconds: 0,
    arxivLookup: (id) => fetchArxivPaper(client, `${arxivUrl}/api/query`, id),
    now,
  });
  const outbox = () =>
    (existsSync(join(dataDir, 'outbox')) ? readdirSync(join(dataDir, 'outbox')) : [])
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => readFileSync(join(dataDir, 'outbox', name), 'utf8'));
  return { app, outbox };
}

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  json: <T = unknown>() => T;
}

/** A member's browser: keeps cookies across requests and knows the last CSRF token a page gave. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly app: FastifyInstance,
    /** The client's address, which login rate limits count by. */
    private readonly address = '127.0.0.1',
    /** Sent with every request, e.g. the X-Forwarded-For a reverse proxy adds. */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('GET', url, undefined, headers);
  }

  /** A form post with the page's CSRF token (unless `_csrf` is given). */
  async post(url: string, form: Record<string, string>): Promise<Answer> {
    return this.request('POST', url, new URLSearchParams({ _csrf: this.csrf, ...form }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
  }

  /** The Cookie header this browser sends now. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, url: string, payload?: string, headers: Record<string, string> = {}): Promise<Answer> {
    const cookie = this.cookieHeader();
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      payload,
      remoteAddress: this.address,
      headers: { ...this.extraHeaders, ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return { status: res.statusCode, body: res.body, headers: res.headers, json: () => res.json() };
  }

  hasSession(): boolean {
    return this.cookies.has('dp_session');
  }

  /** Logs in through the real form. */
  async logIn(email: string, password: string): Promise<Answer> {
    await this.get('/login');
    return this.post('/login', { email, password });
  }
}

/**
 * The token of the newest login link mailed to the address (quoted-printable undone). Login
 * mails go out after the answer, so this waits for the file, a turn of the event loop at a time.
 */
export async function mailedLink(outbox: () => string[], to: string): Promise<string> {
  for (let spins = 0; ; spins++) {
    const mail = outbox()
      .filter((m) => m.includes(`To: ${to}`))
      .at(-1);
    if (mail) {
      const text = mail
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return decodeURIComponent(/\/login\/link\?token=([A-Za-z0-9_%-]+)/.exec(text)![1]!);
    }
    if (spins > 100_000) throw new Error(`no mail to ${to}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
