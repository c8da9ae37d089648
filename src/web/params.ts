/**
 * Query parameters of the pages, and the words of every parameter refusal (the API's route
 * schemas use the same words): each names the parameter and says what would have been
 * accepted (HF clients and people both read these messages).
 */
import type { PaperCursor } from '../store/papers.ts';
import { Refusal } from '../social/errors.ts';

export type Query = Record<string, string | string[] | undefined>;

/** The parameter's single value; empty counts as absent, a repeated parameter is refused. */
export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new Refusal('invalid', repeatedParam(name, value.length));
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A mailed link's token (`/confirm`, `/unsubscribe`, `/login/link`…): empty when absent, a 400
 * when given twice, never a guess at which one was meant.
 */
export const linkToken = (query: Query): string => single(query, 'token') ?? '';

export function intParam(query: Query, name: string, options: { min: number; max: number; fallback: number }): number {
  const text = single(query, name);
  if (text === undefined) return options.fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= options.min && value <= options.max)) {
    throw new Refusal('invalid', invalidParam(name, text, wholeNumber(options.min, options.max)));
  }
  return value;
}

// Offsets past this are only ever mistakes, and would make the database walk the whole table.
export const MAX_PAGE = 100_000;

/** Cursors are opaque to clients: base64url of the last paper's sort key. */
export function encodeCursor(cursor: PaperCursor): string {
  return Buffer.from(JSON.stringify([cursor.publishedAt, cursor.id])).toString('base64url');
}

/** The cursor's sort key, or null when the text is not a cursor this service gave. */
export function decodeCursor(text: string): PaperCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') return null;
  return { publishedAt: value[0], id: value[1] };
}

/** What a refused parameter must be, completing "parameter X must be …". */
export const DAY = 'a real calendar day YYYY-MM-DD';
export const WEEK = 'an ISO week YYYY-Www that exists in that year (W01 to W52, or W53)';
export const MONTH = 'a month YYYY-MM (01 to 12)';
export const CURSOR = 'the value given in the Link header of a previous page';
export const wholeNumber = (min: number, max: number) => `a whole number from ${min} to ${max}`;
export const oneOfWords = (allowed: readonly string[]) => allowed.join(' or ');

/** The refusal of a parameter's value: what was given and what it must be. */
export function invalidParam(name: string, text: string, mustBe: string): string {
  return `Invalid ${name} ${quote(text)}: parameter ${name} must be ${mustBe}`;
}

export function repeatedParam(name: string, times: number): string {
  return `Parameter ${name} was given ${times} times: give it once`;
}

/** The value as JSON text, cut short: a message quotes what it refused without echoing a novel. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
