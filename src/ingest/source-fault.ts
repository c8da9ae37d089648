import { errorCode, HttpError, HttpNetworkError } from './http-client.ts';
import { OaiHarvestError } from './arxiv-oai-harvester.ts';
import { NotJsonError } from './hf-daily-client.ts';

/** Socket error codes that mean the name did not resolve: offline, or a wrong host name. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** Why a source gave nothing usable, for a reader of the page and the logs (the URL is in the log entry). */
export function describeSourceFault(error: unknown): string {
  if (error instanceof HttpError) return `answered HTTP ${error.status} after ${error.attempts} attempt(s)`;
  if (error instanceof HttpNetworkError) {
    const code = errorCode(error.cause);
    const what =
      code !== undefined && DNS_CODES.has(code)
        ? `its name did not resolve (${code}: offline?)`
        : error.kind === 'refused'
          ? 'the connection was refused'
          : error.kind === 'timeout'
            ? 'it did not answer in time'
            : error.kind === 'network'
              ? `the network failed${code ? ` (${code})` : ''}`
              : 'the connection dropped mid-answer';
    return `could not be reached: ${what}, ${error.attempts} attempt(s)`;
  }
  if (error instanceof NotJsonError) return error.message;
  if (error instanceof OaiHarvestError) return `answered with an error: ${error.message}`;
  return error instanceof Error ? `failed: ${error.message}` : `failed: ${String(error)}`;
}
