import { type Config, localAddress } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { readServiceState, writeServiceState } from '../store/service-state.ts';

/*
 * One public address for every command. `serve` records the address it answers on; a command
 * run beside it (`digest send`, …) makes its links with that address, so a digest's links and
 * its List-Unsubscribe header reach the running service. BASE_URL, when set, wins everywhere.
 */

/** The address `serve` answers on once listening: BASE_URL when set, else its host and the port it really got. */
export function servedAddress(config: Pick<Config, 'baseUrl' | 'baseUrlExplicit' | 'host'>, port: number): string {
  return config.baseUrlExplicit ? config.baseUrl : localAddress(config.host, port);
}

/** Records the address `serve` answers on, for the commands run beside it. */
export async function recordServedAddress(store: Store, address: string, now: Date): Promise<void> {
  await writeServiceState(store, 'public-address', address, now);
}

/**
 * The configuration a command makes links with: as given when BASE_URL is set, else with the
 * address `serve` recorded, else (no service has run on this database) as given.
 */
export async function withServedAddress(store: Store, config: Config): Promise<Config> {
  if (config.baseUrlExplicit) return config;
  const recorded = await readServiceState(store, 'public-address');
  return recorded === null ? config : Object.freeze({ ...config, baseUrl: recorded });
}
