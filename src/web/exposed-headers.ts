/**
 * A script on another site reads only a few response headers unless the answer lists the others
 * in Access-Control-Expose-Headers. Each answer lists the headers its route declares in its
 * OpenAPI responses (X-Search-Partial, X-Search-Indexing, X-Unknown-Paper-Ids…), so what
 * /openapi.json promises and what such a script can read are one list, kept by no route.
 */
import type { FastifyInstance, FastifySchema } from 'fastify';

/** Each route's list, worked out from its schema on its first answer. */
const listed = new WeakMap<FastifySchema, string | null>();

export function registerExposedHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    const schema = request.routeOptions.schema;
    if (!schema) return;
    let names = listed.get(schema);
    if (names === undefined) {
      names = declaredHeaders(schema).join(', ') || null;
      listed.set(schema, names);
    }
    if (names !== null) void reply.header('access-control-expose-headers', names);
  });
}

/** The header names of every answer the schema declares, each once. */
function declaredHeaders(schema: FastifySchema): string[] {
  const names = new Set<string>();
  const answers = schema.response;
  if (typeof answers !== 'object' || answers === null) return [];
  for (const answer of Object.values(answers)) {
    const headers: unknown = typeof answer === 'object' && answer !== null ? Reflect.get(answer, 'headers') : undefined;
    if (typeof headers === 'object' && headers !== null) for (const name of Object.keys(headers)) names.add(name);
  }
  return [...names];
}
