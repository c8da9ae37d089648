/**
 * One attempt at posting a body to a webhook URL, and what it came to: delivered (2xx), worth
 * retrying (a timeout, a network error, 408, 429 or 5xx), or failed for good (a refused
 * address, a redirect, any other 4xx). Redirects are never followed: a 3xx could lead to an
 * address the guard refused.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Refusal } from '../core/refusal.ts';
import { type CheckedAddress, resolveWebhookHost, webhookUrl } from './address-guard.ts';

export type AttemptResult =
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'retry'; statusCode: number | null; error: string; retryAfterMs: number | null }
  | { outcome: 'failed'; statusCode: number | null; error: string };

export interface PostOptions {
  /** The whole attempt, from connecting to the answer's end. */
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Of an answer's body, this much is kept for the log (a receiver's reason, e.g. Slack's `invalid_payload`). */
const ANSWER_EXCERPT = 300;

export async function postOnce(
  urlText: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<AttemptResult> {
  let checked: CheckedAddress;
  let url: URL;
  try {
    url = webhookUrl(urlText);
    checked = await resolveWebhookHost(url, options.allowPrivate);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return error.kind === 'unavailable'
      ? { outcome: 'retry', statusCode: null, error: error.message, retryAfterMs: null }
      : { outcome: 'failed', statusCode: null, error: error.message };
  }
  const answer = await exchange(url, checked, body, headers, options.timeoutMs);
  if ('error' in answer) return { outcome: 'retry', statusCode: null, error: answer.error, retryAfterMs: null };
  return judge(answer);
}

interface Answer {
  statusCode: number;
  statusMessage: string;
  location: string | undefined;
  retryAfter: string | undefined;
  excerpt: string;
}

function judge({ statusCode, statusMessage, location, retryAfter, excerpt }: Answer): AttemptResult {
  const said = `${statusCode}${statusMessage ? ` ${statusMessage}` : ''}${excerpt ? `: ${excerpt}` : ''}`;
  if (statusCode >= 200 && statusCode < 300) return { outcome: 'delivered', statusCode };
  if (statusCode >= 300 && statusCode < 400)
    return {
      outcome: 'failed',
      statusCode,
      error: `the receiver answered ${statusCode}, a redirect${location ? ` to ${location}` : ''}; webhooks do not follow redirects: give the final URL`,
    };
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500)
    return {
      outcome: 'retry',
      statusCode,
      error: `the receiver answered ${said}`,
      retryAfterMs: statusCode === 429 || statusCode === 503 ? retryAfterMs(retryAfter) : null,
    };
  return { outcome: 'failed', statusCode, error: `the receiver refused the post: ${said}` };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Connects to the checked address only (TLS still verifies the URL's host name). */
function pinnedLookup({ address, family }: CheckedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

function exchange(
  url: URL,
  checked: CheckedAddress,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Answer | { error: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Answer | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(checked),
      // A connection of its own: a pooled one might have been opened to another address.
      agent: false,
    });
    const timer = setTimeout(() => {
      settle({ error: `no answer within ${timeoutMs / 1000} s` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      settle({ error: `could not post: ${error.code ? `${error.code} ` : ''}${error.message}`.trim() }),
    );
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_EXCERPT).replace(/\s+/g, ' ').trim();
        const header = (name: string) => {
          const value = response.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        settle({
          statusCode: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? '',
          location: header('location'),
          retryAfter: header('retry-after'),
          excerpt,
        });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        if (size < ANSWER_EXCERPT) chunks.push(chunk);
        size += chunk.length;
        // The rest of a long answer is not needed.
        if (size >= ANSWER_EXCERPT) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(body);
  });
}
