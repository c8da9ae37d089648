/**
 * A short-lived cache of whole responses for the busiest public lists (feed pages, the daily
 * API, the Atom feed). A day's list changes only when papers are imported or voted on, yet
 * building it costs a query and a render of 50 entries; for a couple of seconds every reader
 * can share one rendering. Concurrent misses for one URL wait for a single rendering, so a
 * burst never stampedes the database.
 *
 * Writes made through this server should call `clear()`; writes from elsewhere (an import,
 * a scheduled harvest) show within `ttlMs`.
 *
 * A rendering is compressed at most once per encoding and the compressed bytes are kept with it,
 * so a cached page costs no compression per request; its ETag (of the uncompressed bytes) is
 * weak, one tag for every encoding of the same content.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptedEncoding, addVary, compressBody, COMPRESSION_THRESHOLD, type Encoding, isCompressible } from './compression.ts';
import { etagOf, matchesEtag } from './http-caching.ts';

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
  /** The body compressed, made when a client first asks for that encoding. */
  compressed: Map<Encoding, Promise<Buffer>>;
}

export interface ResponseCacheOptions {
  /** How long a response is reused; 0 turns the cache off. */
  ttlMs: number;
  /** Memory bound on the uncompressed bytes (the compressed copies add about a third): the oldest entries go first past it. */
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
    // Left uncompressed: the member's header is filled in on the way out (member-header.ts), then compressed.
    if (!shareable) return send(request, reply, toEntry(await render(), 0), false);
    const key = `${this.options.variantOf?.(request) ?? ''} ${request.url}`;
    const cached = this.entries.get(key);
    const entry = cached && cached.expires > this.now() ? cached : await this.refresh(key, render);
    return send(request, reply, entry, true);
  }

  /** The uncompressed bytes of the renderings held. */
  get heldBytes(): number {
    return this.bytes;
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
    // Maps iterate in insertion order: the first keys are the oldest renderings, and the first to
    // expire. Expired ones go too, or a burst of distinct URLs (a crawler) would stay held until
    // others push them out, tens of MB of dead pages.
    const now = this.now();
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.options.maxBytes && old.expires > now) break;
      this.entries.delete(oldKey);
      this.bytes -= old.body.length;
    }
  }
}

function toEntry(rendered: Rendered, expires: number): Entry {
  const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body) : rendered.body;
  const { status, type } = rendered;
  return { status, type, body, etag: etagOf(body), headers: rendered.headers ?? {}, expires, compressed: new Map() };
}

async function send(request: FastifyRequest, reply: FastifyReply, entry: Entry, shared: boolean): Promise<FastifyReply> {
  reply.code(entry.status).type(entry.type).headers(entry.headers);
  if (entry.status !== 200) return reply.send(entry.body);
  reply.header('etag', entry.etag);
  const compressible = entry.body.length >= COMPRESSION_THRESHOLD && isCompressible(entry.type);
  if (compressible) addVary(reply, 'accept-encoding');
  if (matchesEtag(request, entry.etag)) return reply.code(304).send();
  if (!compressible || !shared) return reply.send(entry.body);
  const encoding = acceptedEncoding(request.headers['accept-encoding']);
  if (encoding === null) return reply.send(entry.body);
  let compressed = entry.compressed.get(encoding);
  if (!compressed) {
    compressed = compressBody(entry.body, encoding);
    entry.compressed.set(encoding, compressed);
  }
  // With Content-Encoding set, @fastify/compress leaves the bytes as they are.
  return reply.header('content-encoding', encoding).send(await compressed);
}
