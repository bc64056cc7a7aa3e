/**
 * Whether an error means a service we depend on (Postgres, in practice) cannot be reached right
 * now, as opposed to a bug or a bad request: the socket was refused, reset or timed out, the
 * server is shutting down or starting up, or the pool could not get a connection. Such a request
 * may well succeed later, so the API answers 503 with Retry-After instead of 500.
 *
 * Recognised by shape only (error codes and the driver's messages), so `common` needs no driver.
 */
export function isUnreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || isUnavailableSqlState(e.code))) return true;
  if (typeof e.message === 'string' && DRIVER_MESSAGES.some((m) => m.test(e.message as string))) return true;
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError of both attempts.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isUnreachable(inner, depth + 1)))
    return true;
  return isUnreachable(e.driverError, depth + 1) || isUnreachable(e.cause, depth + 1);
}

/** Socket errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (the server is shutting down, crashed or
 * is starting up) and 53300 (too many connections): all pass once the server is back.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** What node-postgres and its pool say when the connection is gone or cannot be had. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];
