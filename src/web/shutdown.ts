import type { FastifyInstance } from 'fastify';

/**
 * A service being stopped on SIGTERM, while it still answers (`dailypapers serve` drains for
 * SHUTDOWN_DRAIN_SECONDS): `/readyz` says 503 at once so a load balancer sends no more, and
 * every answer carries `Connection: close` so no kept-alive connection is left for the
 * balancer to reuse when the process closes.
 */
export class Shutdown {
  private draining = false;

  get started(): boolean {
    return this.draining;
  }

  begin(): void {
    this.draining = true;
  }
}

export function registerShutdown(app: FastifyInstance, shutdown: Shutdown): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (shutdown.started) reply.header('connection', 'close');
    return payload;
  });
}
