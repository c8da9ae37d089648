/**
 * Small readers for untrusted record fields. A mapper throws {@link FieldError} on a bad field
 * and {@link toRecordOrReason} turns that into the rejection reason, so mappers read straight.
 */
import { parseArxivId, type ArxivId } from '../../core/arxiv-id.ts';
import { parseDay } from '../../core/dates.ts';
import { withoutUnprintable } from '../../core/text.ts';
import type { PaperRecord } from '../../core/paper.ts';

export class FieldError extends Error {}

export type JsonObject = Record<string, unknown>;

// Matches only what changes: a run of whitespace, or one whitespace character that is not a space.
// Text already single-spaced (most of an import) then matches nothing and is not copied; `\s+`
// replaced every space by a space, a sixth of an import's time at a million papers.
const SPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/**
 * Collapses hard-wrapped lines and runs of spaces, as arXiv titles and abstracts need, and drops
 * control characters, which no reader can see and which would break feeds.
 */
export function normalizeSpace(text: string): string {
  return withoutUnprintable(text.replace(SPACE_TO_COLLAPSE, ' ')).trim();
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject {
  if (!isObject(value)) throw new FieldError('not a JSON object');
  return value;
}

/** A string field that may be absent or null; whitespace-only counts as absent. */
export function optString(obj: JsonObject, key: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new FieldError(`field "${key}" must be a string`);
  const text = normalizeSpace(value);
  return text === '' ? null : text;
}

/** A string field the record cannot do without. */
export function reqString(obj: JsonObject, key: string, label = key): string {
  const value = optString(obj, key);
  if (value === null) throw new FieldError(`missing field "${label}"`);
  return value;
}

export function optNumber(obj: JsonObject, key: string): number | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldError(`field "${key}" must be a number`);
  return value;
}

/** A list of strings (absent or null is empty); blank entries are dropped. */
export function stringList(obj: JsonObject, key: string): string[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new FieldError(`field "${key}" must be a list of strings`);
  }
  return (value as string[]).map(normalizeSpace).filter((v) => v !== '');
}

/** Reads an arXiv id in any accepted form or explains why not, showing the id. */
export function readArxivId(raw: string): ArxivId {
  const parsed = parseArxivId(raw);
  if (!parsed) throw new FieldError(`invalid arXiv id ${JSON.stringify(raw)}`);
  return parsed;
}

/** Any date text Date.parse understands (ISO, RFC 2822 as Kaggle writes it) as an ISO instant. */
export function toInstant(text: string | null, key: string): string | null {
  if (text === null) return null;
  const isoDay = /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0];
  // Date.parse rolls 2025-02-30 over to March; a day that does not exist is an error.
  const badDay = isoDay !== undefined && parseDay(isoDay) === null;
  // A bare day is read as midnight UTC, not local time.
  const ms = badDay ? NaN : Date.parse(isoDay === text ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw new FieldError(`field "${key}" is not a date: ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}

/** The UTC calendar day (YYYY-MM-DD) of a date text. */
export function toDay(text: string | null, key: string): string | null {
  return toInstant(text, key)?.slice(0, 10) ?? null;
}

/** Runs a mapper, turning a {@link FieldError} into the rejection reason. Other errors are bugs. */
export function toRecordOrReason(map: () => PaperRecord): PaperRecord | string {
  try {
    return map();
  } catch (err) {
    if (err instanceof FieldError) return err.message;
    throw err;
  }
}
