import { randomUUID } from 'node:crypto';

/**
 * A request id we accept from a caller (`x-request-id`): an opaque token of up to 128 letters,
 * digits and `-_.:`, so it can go into log lines and job payloads as it is. Anything else is
 * replaced by a fresh id rather than refused: a bad correlation header is no reason to fail a request.
 */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's request id when it is a sane one, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED_REQUEST_ID.test(value) ? value : randomUUID();
}

/** Whether a value may travel as a request id (job payloads re-check what they carry). */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTED_REQUEST_ID.test(value);
}

/** The request id the front door gave a request (http-front-door.ts), for handlers that pass it on. */
export function requestIdOf(req: object): string | undefined {
  const id = (req as { id?: unknown }).id;
  return isRequestId(id) ? id : undefined;
}
