/**
 * Tells a database that cannot serve right now (unreachable, too slow, locked, out of space)
 * from a bug: the first is the operator's to fix and the client's to retry (503), the second a 500.
 */

// PostgreSQL SQLSTATE classes and codes that mean "the database, not the request".
const PG_CONNECTION_CLASS = '08';
const PG_INSUFFICIENT_RESOURCES_CLASS = '53';
const PG_UNAVAILABLE_CODES: Record<string, string> = {
  '57014': 'a query took longer than the database timeout',
  '57P01': 'the database server is shutting down',
  '57P02': 'the database server is shutting down',
  '57P03': 'the database server is not accepting connections yet',
  '25006': 'the database is read-only',
};

// Errors the pg client raises itself when the network or the server goes away.
const PG_CLIENT_MESSAGES: [RegExp, string][] = [
  [
    /^Query read timeout$|^timeout expired$|timeout exceeded when trying to connect|connection timeout/,
    'the database did not answer within the timeout',
  ],
  [/Connection terminated|not queryable|connection error/i, 'the database connection was lost'],
];
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Why the database cannot answer, for a 503 and `/readyz`; null when the error is something else. */
export function databaseUnavailableReason(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'the database is busy with another writer';
    if (code === 'SQLITE_FULL') return 'the disk holding the database is full';
    if (code.startsWith('SQLITE_IOERR')) return 'the database file cannot be written (disk full or failing)';
    if (code.startsWith('SQLITE_READONLY')) return 'the database file is read-only';
    if (code.startsWith('SQLITE_CANTOPEN')) return 'the database file cannot be opened';
    if (PG_UNAVAILABLE_CODES[code]) return PG_UNAVAILABLE_CODES[code];
    if (code === '53100') return 'the disk holding the database is full';
    if (code.startsWith(PG_CONNECTION_CLASS) && code.length === 5) return 'the database connection failed';
    if (code.startsWith(PG_INSUFFICIENT_RESOURCES_CLASS) && code.length === 5) return 'the database is out of resources';
    if (NETWORK_CODES.has(code)) return 'the database cannot be reached';
  }
  for (const [pattern, reason] of PG_CLIENT_MESSAGES) if (pattern.test(error.message)) return reason;
  return null;
}
