/**
 * Refuses NUL characters wherever a client can put them: PostgreSQL cannot store them in text
 * (it would fail the query with a 500), and no paper id, query or comment needs one. One check
 * here instead of one per route; the message names where the NUL was.
 */
import type { FastifyInstance } from 'fastify';
import { Refusal } from '../social/errors.ts';

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    // The raw address: a NUL arrives percent-encoded, in the path or in a parameter.
    if (/%00/i.test(request.url)) throw refusal('The address contains a NUL character (%00), which is not allowed');
  });
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.body)) throw refusal('The request body contains a NUL character, which is not allowed');
  });
}

/** A Refusal that also carries its status, for routes in plugin scopes (the OpenAPI document) with Fastify's own error handler. */
function refusal(message: string): Refusal {
  return Object.assign(new Refusal('invalid', message), { statusCode: 400 });
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item));
  }
  return false;
}
