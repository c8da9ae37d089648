import type { Rendered } from './response-cache.ts';

/** A public JSON answer; any site may read it (the API is public and read-only here). */
export function jsonResponse(value: unknown, headers: Record<string, string> = {}): Rendered {
  return {
    status: 200,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(value),
    headers: { 'access-control-allow-origin': '*', ...headers },
  };
}
