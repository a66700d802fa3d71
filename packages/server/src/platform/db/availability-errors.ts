/**
 * Whether an error means the database cannot be reached or is restarting, rather than that the statement is wrong:
 * the caller should retry later (HTTP 503 with Retry-After), not report a fault. The two engines' signs differ:
 * pg surfaces socket errors, SQLSTATE class 08 and the shutdown codes; better-sqlite3 a locked file.
 */
export function storeUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08')) return true;
  // pg reports a dropped connection and a pool timeout without a code, and a database closed to new sessions
  // (a restart, maintenance) with the generic 55000.
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'SQLITE_BUSY']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not currently accepting connections/,
];
