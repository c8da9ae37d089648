/**
 * Reads one day of Hugging Face's curated daily papers (`/api/daily_papers?date=`), the source of
 * community picks and upvotes. The client should be its own PoliteHttpClient (HF tolerates a
 * short interval, e.g. 500 ms), separate from arXiv's 3-second one.
 */
import type { PaperRecord } from '../core/paper.ts';
import { parseDay } from '../core/dates.ts';
import { hfDailyItemToRecord } from './parsers/hf-daily.ts';
import type { PoliteHttpClient } from './http-client.ts';

/** The API's largest page. */
const MAX_LIMIT = 100;

export interface FetchHfDailyOptions {
  client: Pick<PoliteHttpClient, 'getText'>;
  baseUrl: string;
  /** YYYY-MM-DD */
  date: string;
  pageSize?: number;
  /** A stop for a server that keeps sending full pages. */
  maxPages?: number;
  signal?: AbortSignal;
}

export interface HfDailyResult {
  records: PaperRecord[];
  /** `at` is the item's 1-based position in the day's list, across pages. */
  rejected: { at: number; reason: string }[];
}

export async function fetchHfDaily(options: FetchHfDailyOptions): Promise<HfDailyResult> {
  const { client, baseUrl, date, signal } = options;
  if (parseDay(date) === null) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${date}`);
  const limit = Math.min(MAX_LIMIT, Math.max(1, options.pageSize ?? MAX_LIMIT));
  const maxPages = options.maxPages ?? 20;
  const result: HfDailyResult = { records: [], rejected: [] };
  const seen = new Set<string>();
  let at = 0;
  for (let p = 0; p < maxPages; p++) {
    const query = new URLSearchParams({ date, p: String(p), limit: String(limit) });
    const url = `${baseUrl.replace(/\/+$/, '')}/api/daily_papers?${query}`;
    const items = parseItems(await client.getText(url, signal ? { signal } : {}), url);
    for (const item of items) {
      at++;
      const mapped = hfDailyItemToRecord(item, at);
      if (typeof mapped === 'string') result.rejected.push({ at, reason: mapped });
      // Upvotes reorder the list between our page requests, so a paper can show up on two pages.
      else if (!seen.has(mapped.id)) {
        seen.add(mapped.id);
        result.records.push(mapped);
      }
    }
    if (items.length < limit) break;
  }
  return result;
}

/** A 200 answer that is not the API's JSON list: an error or maintenance page, a captive portal. */
export class NotJsonError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotJsonError';
  }
}

function parseItems(text: string, url: string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    const start = text.trimStart().slice(0, 80).replace(/\s+/g, ' ');
    const what = /^<(!doctype html|html)/i.test(start) ? 'HTML' : 'text';
    throw new NotJsonError(`answered ${what} instead of JSON from ${url}: ${start}`, { cause });
  }
  if (!Array.isArray(body)) throw new NotJsonError(`expected a JSON array from ${url}, got ${typeof body}`);
  return body;
}
