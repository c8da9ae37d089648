/**
 * An HTTP client that is polite to one host: arXiv asks for at most one request every 3 seconds
 * and one connection at a time, and answers overload with `503 Retry-After`. Every source we
 * harvest from goes through one of these, so a crash-looping job cannot hammer anyone.
 */
import { setTimeout as delay } from 'node:timers/promises';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface HttpLogEntry {
  event: 'request' | 'retry' | 'give-up';
  url: string;
  attempt: number;
  status?: number;
  waitMs?: number;
  reason?: string;
}

export interface PoliteHttpClientOptions {
  /**
   * Least time between the starts of two requests, retries included (arXiv: 3000). Counted from
   * the last moment the server certainly had our previous request (its response headers, or the
   * failure), so a slow connect cannot make two requests arrive closer together than this.
   */
  minIntervalMs?: number;
  /** Per attempt, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Longest we honour a `Retry-After`; a server asking for more gets this much. */
  maxRetryAfterMs?: number;
  userAgent?: string;
  sleep?: Sleep;
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  logger?: (entry: HttpLogEntry) => void;
}

export interface GetOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** The server answered, and the answer is final: a 4xx, or a retryable status after the last attempt. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly bodySnippet: string,
    readonly attempts: number,
  ) {
    super(`HTTP ${status} from ${url} after ${attempts} attempt(s): ${bodySnippet}`);
    this.name = 'HttpError';
  }
}

export type NetworkFailure = 'timeout' | 'refused' | 'reset' | 'truncated' | 'network';

/** No complete answer came back, even after the last attempt. */
export class HttpNetworkError extends Error {
  constructor(
    readonly kind: NetworkFailure,
    readonly url: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`${kind} fetching ${url} after ${attempts} attempt(s)${describeCause(options?.cause)}`, options);
    this.name = 'HttpNetworkError';
  }
}

type Outcome =
  { ok: true; text: string } | { ok: false; retryable: boolean; error: Error; retryAfterMs?: number | null; status?: number };

const SNIPPET_CHARS = 300;

export class PoliteHttpClient {
  private readonly minIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly userAgent: string;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly logger: (entry: HttpLogEntry) => void;
  /** When the server last had a request of ours; see minIntervalMs. */
  private lastSeenAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PoliteHttpClientOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 3000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 120_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 600_000;
    this.userAgent = options.userAgent ?? 'dailypapers/0.1 (self-hosted Daily Papers hub)';
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : {}));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? (() => {});
  }

  /** GETs `url` and returns the whole body as UTF-8 text, retrying what is worth retrying. */
  getText(url: string, options: GetOptions = {}): Promise<string> {
    // A malformed URL is a programming error; failing here keeps it out of the retry loop.
    const target = new URL(url).toString();
    return this.exclusive(() => this.fetchWithRetries(target, options));
  }

  /** Runs tasks one after another, so the host never sees two of our requests at once. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fetchWithRetries(url: string, options: GetOptions): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      await this.waitForSlot(options.signal);
      this.lastSeenAt = this.now();
      this.logger({ event: 'request', url, attempt });
      const outcome = await this.attempt(url, attempt, options);
      if (outcome.ok) return outcome.text;
      if (!outcome.retryable || attempt >= this.maxAttempts) {
        this.logger({ event: 'give-up', url, attempt, status: outcome.status, reason: outcome.error.message });
        throw outcome.error;
      }
      const waitMs =
        outcome.retryAfterMs != null ? Math.min(outcome.retryAfterMs, this.maxRetryAfterMs) : this.backoffMs(attempt);
      this.logger({ event: 'retry', url, attempt, status: outcome.status, waitMs, reason: outcome.error.message });
      await this.sleep(waitMs, options.signal);
    }
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    const waitMs = this.lastSeenAt + this.minIntervalMs - this.now();
    if (waitMs > 0) await this.sleep(waitMs, signal);
    signal?.throwIfAborted();
  }

  private backoffMs(attempt: number): number {
    const exponential = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    // Jitter only ever lengthens the wait, so retries from several processes spread out without
    // any of them coming back sooner than the schedule promises.
    return Math.round(Math.min(this.maxBackoffMs, exponential * (1 + 0.5 * this.random())));
  }

  private async attempt(url: string, attempt: number, options: GetOptions): Promise<Outcome> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    let gotHeaders = false;
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': this.userAgent, ...options.headers },
        signal,
      });
      gotHeaders = true;
      this.lastSeenAt = this.now();
      if (response.ok) return { ok: true, text: await readWhole(response) };
      const body = await response.text().catch(() => '');
      const error = new HttpError(response.status, url, snippet(body), attempt);
      const { status } = response;
      if (status === 429 || status === 503) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
        return { ok: false, retryable: true, error, retryAfterMs, status };
      }
      return { ok: false, retryable: status >= 500, error, status };
    } catch (cause) {
      this.lastSeenAt = this.now();
      if (options.signal?.aborted) throw options.signal.reason;
      const kind: NetworkFailure = timeout.signal.aborted
        ? 'timeout'
        : cause instanceof TruncatedBody || gotHeaders
          ? 'truncated'
          : classify(cause);
      return { ok: false, retryable: true, error: new HttpNetworkError(kind, url, attempt, { cause }) };
    } finally {
      clearTimeout(timer);
    }
  }
}

class TruncatedBody extends Error {}

async function readWhole(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  // undici already fails when the socket closes early; this also catches a proxy that ends the
  // stream cleanly but short. With a Content-Encoding the header counts compressed bytes.
  const declared = response.headers.get('content-length');
  if (declared !== null && !response.headers.has('content-encoding') && Number(declared) !== bytes.byteLength) {
    throw new TruncatedBody(`body has ${bytes.byteLength} of ${declared} bytes`);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Milliseconds to wait from a `Retry-After` value (delta-seconds or HTTP-date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function classify(error: unknown): NetworkFailure {
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}

/** The socket error code under fetch's `TypeError('fetch failed')`, which wraps it, sometimes twice. */
export function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const code = errorCode(cause);
  const inner = cause.cause instanceof Error ? cause.cause.message : cause.message;
  return `: ${code ? `${code} ` : ''}${inner}`;
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}
