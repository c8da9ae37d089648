import type { FastifyInstance } from 'fastify';

export interface Route {
  method: string;
  path: string;
}

/** The server's routes, read from Fastify's own route tree (`printRoutes`). */
export function routesOf(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4 - 1;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) routes.push({ method, path: stack.join('') });
  }
  return routes;
}
