import type { AddressInfo } from 'node:net';
import { recordServedAddress, servedAddress } from '../mail/public-address.ts';
import { buildServer } from '../web/server.ts';
import { buildServiceParts } from './parts.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';
import { listenProblem } from './startup-errors.ts';
import { scheduleJobs } from '../jobs/schedule.ts';
import { Shutdown } from '../web/shutdown.ts';
import { checkSharedSecret } from './shared-secret.ts';

/** `dailypapers serve`: the web service, and the scheduled jobs that keep it filled from the live sources. */
export async function serveCommand(options: { port?: string; host?: string }, global: GlobalOptions): Promise<number> {
  const { config, store, logger } = await openContext(global, { PORT: options.port, HOST: options.host }, { asService: true });
  try {
    await checkSharedSecret(config, store, logger, new Date());
  } catch (error) {
    await store.close();
    throw error;
  }
  const parts = await buildServiceParts({ config, store, logger });
  const shutdown = new Shutdown();
  const server = await buildServer({ config, store, logger, ...parts, shutdown });
  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    const problem = listenProblem(config.host, config.port, error);
    if (problem === null) throw error;
    parts.close();
    await store.close();
    throw new CommandError(problem, 1);
  }
  // Commands run beside the service (`digest send`) make their links with this address.
  const url = servedAddress(config, (server.server.address() as AddressInfo).port);
  // The service answers without it; only the links of commands run beside it would be off.
  await recordServedAddress(store, url, new Date()).catch((err: unknown) =>
    logger.warn({ err, url }, 'could not record the address for other commands; they use BASE_URL or the default'),
  );
  logger.info({ url, database: config.database.dialect }, 'dailypapers is serving');
  // After listening: the first fill from the live sources runs beside the service, never before it.
  const jobs = scheduleJobs({ config, store, logger, ...parts });
  // Made in the background while the server listens (`/readyz` says 503 until search answers: from the
  // snapshot, or from the newest papers while the whole archive is indexed).
  parts.searchIndex.current().catch((err: unknown) => logger.error({ err }, 'building the search index failed'));

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  shutdown.begin();
  // SIGTERM is how a supervisor or a rolling restart stops a replica: the balancer sees `/readyz`
  // fail and moves its traffic away while this one still answers. Ctrl-C (SIGINT) stops at once.
  if (signal === 'SIGTERM' && config.shutdownDrainMs > 0) {
    logger.info({ signal, drainMs: config.shutdownDrainMs }, 'draining: /readyz answers 503, requests are still served');
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
  }
  logger.info({ signal }, 'shutting down');
  // Jobs under way finish (a source run lets go of the store); then in-flight requests finish
  // and idle kept-alive connections close (Fastify's close).
  await jobs.stop();
  await server.close();
  // A clean shutdown keeps the index's latest state for the next start.
  await parts.searchIndex.close();
  parts.close();
  await store.close();
  return 0;
}
