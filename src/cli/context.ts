import { pino, type Logger } from 'pino';
import { type Config, ConfigError, ensureSecret, loadConfig } from '../config/config.ts';
import { type Store, openStore } from '../db/connect.ts';
import { withServedAddress } from '../mail/public-address.ts';
import { databaseProblem, dataDirProblem } from './startup-errors.ts';

/** Options every command accepts; each overrides the environment variable it names. */
export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
}

export interface CommandContext {
  config: Config;
  store: Store;
  logger: Logger;
}

/**
 * Reads the configuration, opens (and migrates) the store: what every command starts with.
 * Unless BASE_URL is set, a command makes its links with the address `serve` recorded;
 * `serve` itself (`asService`) uses its own and records it once listening.
 */
export async function openContext(
  options: GlobalOptions,
  extra: Record<string, string | undefined> = {},
  { asService = false }: { asService?: boolean } = {},
): Promise<CommandContext> {
  // Commands keep stdout for their result; the service logs to stdout like any daemon.
  const logTo = asService ? 1 : 2;
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries({ DATA_DIR: options.dataDir, DATABASE_URL: options.databaseUrl, ...extra })) {
    if (value !== undefined) overrides[name] = value;
  }
  const loaded = loadConfig(process.env, overrides);
  let config: Config;
  try {
    config = ensureSecret(loaded);
  } catch (error) {
    throw new CommandError(dataDirProblem(loaded.dataDir, error), 1);
  }
  const logger = pino(
    { level: config.logLevel, base: { service: 'dailypapers' } },
    pino.destination({ fd: logTo, sync: logTo === 2 }),
  );
  const store = await openStore(config.database, {
    timeouts: config.databaseTimeouts,
    onConnectionError: (err) => logger.warn({ err }, 'a database connection was lost; the pool opens another'),
  }).catch((error: unknown) => {
    // The server refusing, a file that cannot be created, a failed migration: the operator's
    // to fix, so one line naming the cause and the fix (never the URL, which may hold a password).
    throw new CommandError(databaseProblem(config.database, error), 1);
  });
  return { config: asService ? config : await withServedAddress(store, config), store, logger };
}

/** A user-facing failure: printed without a stack, with the given exit status. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export function describeStartupError(error: unknown): string | null {
  if (error instanceof ConfigError || error instanceof CommandError) return error.message;
  return null;
}
