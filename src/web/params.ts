/**
 * Query and path parameters, read by hand so every refusal names the parameter and says
 * what would have been accepted (HF clients and people both read these messages).
 */
import { type DayRange, parseDay, parseMonth, parseWeek } from '../core/dates.ts';
import type { PaperCursor } from '../store/papers.ts';

/** A bad request parameter: answered with status 400 and the message. */
export class ParamError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

export type Query = Record<string, string | string[] | undefined>;

/** The parameter's single value; empty counts as absent, a repeated parameter is refused. */
export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new ParamError(`Parameter ${name} was given ${value.length} times: give it once`);
  return value === undefined || value === '' ? undefined : value;
}

export function intParam(query: Query, name: string, options: { min: number; max: number; fallback: number }): number {
  const text = single(query, name);
  if (text === undefined) return options.fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= options.min && value <= options.max)) {
    throw new ParamError(
      `Invalid ${name} ${quote(text)}: parameter ${name} must be a whole number from ${options.min} to ${options.max}`,
    );
  }
  return value;
}

// Offsets past this are only ever mistakes, and would make the database walk the whole table.
export const MAX_PAGE = 100_000;

export function dayParam(name: string, text: string): string {
  const day = parseDay(text);
  if (day === null)
    throw new ParamError(`Invalid ${name} ${quote(text)}: parameter ${name} must be a real calendar day YYYY-MM-DD`);
  return day;
}

export function weekParam(name: string, text: string): DayRange {
  const range = parseWeek(text);
  if (range === null) {
    throw new ParamError(
      `Invalid ${name} ${quote(text)}: parameter ${name} must be an ISO week YYYY-Www that exists in that year (W01 to W52, or W53)`,
    );
  }
  return range;
}

export function monthParam(name: string, text: string): DayRange {
  const range = parseMonth(text);
  if (range === null)
    throw new ParamError(`Invalid ${name} ${quote(text)}: parameter ${name} must be a month YYYY-MM (01 to 12)`);
  return range;
}

export function oneOf<T extends string>(query: Query, name: string, allowed: readonly T[], fallback: T): T {
  return optionalChoice(query, name, allowed) ?? fallback;
}

/** One of the allowed words, or null when the parameter is absent. */
export function optionalChoice<T extends string>(query: Query, name: string, allowed: readonly T[]): T | null {
  const text = single(query, name);
  if (text === undefined) return null;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ParamError(`Invalid ${name} ${quote(text)}: parameter ${name} must be ${allowed.join(' or ')}`);
  }
  return text as T;
}

/** The window of `/api/daily_papers`: at most one of date, week, month. */
export type FeedWindow =
  { kind: 'date'; day: string } | { kind: 'week'; range: DayRange } | { kind: 'month'; range: DayRange } | null;

export function feedWindowParam(query: Query): FeedWindow {
  const given = (['date', 'week', 'month'] as const).filter((name) => single(query, name) !== undefined);
  if (given.length > 1) {
    throw new ParamError(`Parameters ${given.join(' and ')} cannot be used together: give at most one of date, week, month`);
  }
  const date = single(query, 'date');
  if (date !== undefined) return { kind: 'date', day: dayParam('date', date) };
  const week = single(query, 'week');
  if (week !== undefined) return { kind: 'week', range: weekParam('week', week) };
  const month = single(query, 'month');
  if (month !== undefined) return { kind: 'month', range: monthParam('month', month) };
  return null;
}

/** Cursors are opaque to clients: base64url of the last paper's sort key. */
export function encodeCursor(cursor: PaperCursor): string {
  return Buffer.from(JSON.stringify([cursor.publishedAt, cursor.id])).toString('base64url');
}

export function cursorParam(query: Query): PaperCursor | null {
  const text = single(query, 'cursor');
  if (text === undefined) return null;
  const refuse = () =>
    new ParamError(
      `Invalid cursor ${quote(text)}: parameter cursor must be the value given in the Link header of a previous page`,
    );
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') throw refuse();
  return { publishedAt: value[0], id: value[1] };
}

/** The value as JSON text, cut short: a message quotes what it refused without echoing a novel. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
