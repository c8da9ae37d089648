/**
 * A short-lived cache of whole responses for the busiest public lists (feed pages, the daily
 * API, the Atom feed). A day's list changes only when papers are imported or voted on, yet
 * building it costs a query and a render of 50 entries; for a couple of seconds every reader
 * can share one rendering. Concurrent misses for one URL wait for a single rendering, so a
 * burst never stampedes the database.
 *
 * Writes made through this server should call `clear()`; writes from elsewhere (an import,
 * a scheduled harvest) show within `ttlMs`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a route produces: sent as is, and kept when the status is 200. */
export interface Rendered {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

interface Entry {
  status: number;
  type: string;
  body: Buffer;
  etag: string;
  headers: Record<string, string>;
  expires: number;
}

export interface ResponseCacheOptions {
  /** How long a response is reused; 0 turns the cache off. */
  ttlMs: number;
  /** Memory bound: the oldest entries go first past it. */
  maxBytes: number;
  now?: () => number;
  /** The part of a request besides its URL that changes the rendering (a display preference). */
  variantOf?: (request: FastifyRequest) => string;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Answers from the cache when it can, else renders (once for all who ask at the same time). */
  async serve(request: FastifyRequest, reply: FastifyReply, render: () => Promise<Rendered>): Promise<FastifyReply> {
    // A member's page is their own; anyone else (a preference cookie, a lapsed session) shares one.
    const shareable = this.options.ttlMs > 0 && !request.headers.authorization && !request.viewer;
    if (!shareable) return send(request, reply, toEntry(await render(), 0));
    const key = `${this.options.variantOf?.(request) ?? ''} ${request.url}`;
    const cached = this.entries.get(key);
    const entry = cached && cached.expires > this.now() ? cached : await this.refresh(key, render);
    return send(request, reply, entry);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private refresh(key: string, render: () => Promise<Rendered>): Promise<Entry> {
    let pending = this.pending.get(key);
    if (!pending) {
      pending = render()
        .then((rendered) => {
          const entry = toEntry(rendered, this.now() + this.options.ttlMs);
          if (entry.status === 200) this.keep(key, entry);
          return entry;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private keep(key: string, entry: Entry): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.bytes -= previous.body.length;
      this.entries.delete(key);
    }
    if (entry.body.length > this.options.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    // Maps iterate in insertion order: the first keys are the oldest renderings.
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.body.length;
    }
  }
}

function toEntry(rendered: Rendered, expires: number): Entry {
  const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body) : rendered.body;
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { status: rendered.status, type: rendered.type, body, etag, headers: rendered.headers ?? {}, expires };
}

function send(request: FastifyRequest, reply: FastifyReply, entry: Entry): FastifyReply {
  reply.code(entry.status).type(entry.type).headers(entry.headers);
  if (entry.status !== 200) return reply.send(entry.body);
  reply.header('etag', entry.etag);
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  return reply.send(entry.body);
}
