/**
 * What the JSON API routes' schemas are made of. A route declares its parameters, body and
 * answers once, with these; Fastify validates requests with them, the handlers are typed from
 * them, and `/openapi.json` is generated from them (openapi.ts).
 *
 * A parameter's schema also carries the words of its refusal, so a bad value is answered with
 * the message clients have always had ("Invalid limit "0": parameter limit must be a whole
 * number from 1 to 100"), not the validator's:
 *   `x-must-be`  completes "Invalid NAME "VALUE": parameter NAME must be …"
 *   `x-refusal`  the whole message, for parameters the search capability words itself
 *   `x-missing`  the message when a required parameter is absent
 */
import type { FastifySchemaValidationError } from 'fastify';
import { Type } from 'typebox';
import { parseMonth, parseWeek } from '../core/dates.ts';
import { Refusal } from '../social/errors.ts';
import { SESSION_COOKIE } from './auth.ts';
import { CURSOR, DAY, decodeCursor, invalidParam, MONTH, oneOfWords, repeatedParam, WEEK, wholeNumber } from './params.ts';

/** Schema keywords that only annotate: the validator accepts and ignores them. */
export const REFUSAL_KEYWORDS = ['x-must-be', 'x-refusal', 'x-missing'];

/** Formats beyond JSON Schema's, checked by the same rules the pages use. */
export const API_FORMATS = {
  'iso-week': (text: string) => parseWeek(text) !== null,
  'year-month': (text: string) => parseMonth(text) !== null,
  cursor: (text: string) => decodeCursor(text) !== null,
};

export const SECURITY_SCHEMES = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token (`npx dailypapers token create`, or the settings page).',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session of a logged-in browser; writes also need the page’s CSRF token in `x-csrf-token`.',
  },
} as const;

/** `security` of a write: a token or a session. */
export const SIGNED_IN: Record<string, string[]>[] = [{ bearerToken: [] }, { session: [] }];
/** `security` of a public operation: nothing needed (a session, when sent, may change the answer). */
export const PUBLIC: never[] = [];

/** The body of every refusal: `{"error": "..."}`; the description says when it happens. */
export const refused = (description: string) => Type.Object({ error: Type.String() }, { description });

export const BAD_PARAMETER = refused('A parameter could not be used; the message names it.');

export const WRITE_REFUSALS = {
  401: refused('No valid token or session.'),
  403: refused('A session without its CSRF token (x-csrf-token), or not allowed.'),
};

/** The paper named in the path: an arXiv id (an old-style id sends its slash as %2F). */
export const PaperIdParams = Type.Object({
  arxivId: Type.String({ description: 'An arXiv id (an old-style id sends its slash as %2F).' }),
});

export function wholeNumberParam(name: string, range: { min: number; max: number; fallback: number }, description: string) {
  return Type.Optional(
    Type.Integer({
      minimum: range.min,
      maximum: range.max,
      default: range.fallback,
      description,
      'x-must-be': wholeNumber(range.min, range.max),
    }),
  );
}

export function choiceParam<T extends string>(allowed: readonly T[], description: string, fallback?: T) {
  return Type.Optional(Type.Enum(allowed, { type: 'string', description, default: fallback, 'x-must-be': oneOfWords(allowed) }));
}

export const dayParam = (description: string) => Type.Optional(Type.String({ format: 'date', description, 'x-must-be': DAY }));
export const weekParam = (description: string) =>
  Type.Optional(Type.String({ format: 'iso-week', pattern: '^\\d{4}-W\\d{2}$', description, 'x-must-be': WEEK }));
export const monthParam = (description: string) =>
  Type.Optional(Type.String({ format: 'year-month', pattern: '^\\d{4}-\\d{2}$', description, 'x-must-be': MONTH }));
export const cursorParam = (description: string) =>
  Type.Optional(Type.String({ format: 'cursor', description, 'x-must-be': CURSOR }));

/** The schema's own words for the first error, as the 400 every client has always read. */
export function refusalOf(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const [error] = errors;
  if (!error) return new Refusal('invalid', `Invalid ${dataVar}`);
  const { data, parentSchema } = verbose(error);
  if (error.keyword === 'required') {
    const name = String(error.params.missingProperty);
    const missing = annotation(property(parentSchema, name), 'x-missing');
    return new Refusal('invalid', missing ?? `Parameter ${name} is required`);
  }
  const name = error.instancePath.slice(1);
  if (dataVar === 'querystring' && Array.isArray(data)) return new Refusal('invalid', repeatedParam(name, data.length));
  const refusal = annotation(parentSchema, 'x-refusal');
  if (refusal) return new Refusal('invalid', refusal);
  const mustBe = annotation(parentSchema, 'x-must-be');
  if (mustBe) return new Refusal('invalid', invalidParam(name, String(data), mustBe));
  return new Refusal('invalid', `${dataVar}${error.instancePath} ${error.message ?? 'is not valid'}`);
}

/** Ajv's `verbose` errors carry the value and the schema that refused it. */
function verbose(error: FastifySchemaValidationError): { data: unknown; parentSchema: unknown } {
  const fields: Record<string, unknown> = { ...error };
  return { data: fields.data, parentSchema: fields.parentSchema };
}

function property(schema: unknown, name: string): unknown {
  if (typeof schema !== 'object' || schema === null || !('properties' in schema)) return undefined;
  const properties: unknown = schema.properties;
  return typeof properties === 'object' && properties !== null
    ? Object.getOwnPropertyDescriptor(properties, name)?.value
    : undefined;
}

function annotation(schema: unknown, keyword: string): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const value: unknown = Object.getOwnPropertyDescriptor(schema, keyword)?.value;
  return typeof value === 'string' ? value : undefined;
}
