/**
 * What stops a command before it can do its work — a data folder it cannot write, a database it
 * cannot open, a port it cannot listen on — said in one line with the cause and the fix, for
 * the operator (never the database URL, which may hold a password).
 */
import type { DatabaseTarget } from '../config/config.ts';

interface SystemError {
  code?: string;
  message: string;
}

/** The innermost error, which holds the system's or the server's code (a failed migration wraps it). */
function systemError(error: unknown): SystemError {
  let inner = error;
  while (inner instanceof Error && inner.cause !== undefined) inner = inner.cause;
  return typeof inner === 'object' && inner !== null ? (inner as SystemError) : { message: String(inner) };
}

const FILE_CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'part of the path is a file',
  ENOSPC: 'no space left',
};

export function dataDirProblem(dataDir: string, error: unknown): string {
  const { code, message } = systemError(error);
  const cause = (code && FILE_CAUSES[code]) ?? message;
  return `cannot write to DATA_DIR ${dataDir} (${cause}): make it writable by this user, or set DATA_DIR (or --data-dir) to a folder that is`;
}

export function databaseProblem(target: DatabaseTarget, error: unknown): string {
  const { code, message } = systemError(error);
  if (target.dialect === 'sqlite') {
    const cause = (code && FILE_CAUSES[code]) ?? message;
    return `cannot open the SQLite database ${target.file} (${cause}): make its folder writable, or set DATABASE_URL to another file`;
  }
  const url = new URL(target.url);
  const server = `${url.hostname}:${url.port || '5432'}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
  const user = decodeURIComponent(url.username) || 'the default user';
  switch (code) {
    case '3D000': // invalid_catalog_name
      return `the PostgreSQL database "${database}" does not exist on ${server}: create it (createdb -h ${url.hostname} ${database}), or correct DATABASE_URL`;
    case '28P01': // invalid_password
    case '28000': // invalid_authorization_specification
      return `PostgreSQL on ${server} refused ${user} (${message}): correct the user or password in DATABASE_URL`;
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${server} (connection refused): start it, or correct the host and port in DATABASE_URL`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL: the host ${url.hostname} is not known: correct DATABASE_URL`;
    case 'ETIMEDOUT':
      return `cannot reach PostgreSQL at ${server} (no answer): check that it runs and that the network lets this machine in`;
    default:
      return `cannot open the PostgreSQL database "${database}" on ${server} (${message}): check DATABASE_URL and the server's log`;
  }
}

/** The line for a listening error of the operator's making; null for anything else (a bug). */
export function listenProblem(host: string, port: number, error: unknown): string | null {
  const { code } = systemError(error);
  const choose = 'choose another with PORT or serve --port';
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is in use by another program: stop it, or ${choose}`;
    case 'EACCES':
      return `port ${port} needs privileges this user lacks: ${choose} (above 1023)`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for all)`;
    default:
      return null;
  }
}
