import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from 'pino';

import { requestIdOf } from './request-id';

/**
 * A URL as it may be logged: the tokens in respondent links (/s/, /u/, /r/, a phone survey's
 * /voice/<token>) and an `access_token` query parameter are the respondent's or the caller's
 * credentials, so they are masked.
 */
export function maskUrlSecrets(url: string): string {
  return url
    .replace(/^\/([sur])\/[^/?#]+/, '/$1/***')
    .replace(/^(\/webhooks\/twilio\/[^/?#]+\/voice\/)[^/?#]+/, '$1***')
    .replace(/([?&]access_token=)[^&#]*/gi, '$1***');
}

/** Probes polled every few seconds: logged at debug while they succeed, so they do not drown the rest. */
const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * One JSON line per request when its response is done: the request id, method, masked URL, route
 * template, status and duration, in pino-http's shape (`req`, `res`, `responseTime`, "request
 * completed"). 5xx at error, probes at debug, the rest at info. No headers or bodies: they carry
 * keys, tokens and personal data.
 *
 * Written with one pino call rather than by pino-http, which builds a child logger for every
 * request whether it logs or not: measured, that cost the ingest path about a tenth of its CPU
 * (docs/operations.md#logs-and-request-ids).
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, route: string, seconds: number) {
  const status = res.statusCode;
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const level = status >= 500 ? 'error' : PROBES.test(url) && status < 400 ? 'debug' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId: requestIdOf(req),
      req: { method: req.method, url: maskUrlSecrets(url) },
      res: { statusCode: status },
      responseTime: Math.round(seconds * 1000),
      route,
    },
    status >= 500 ? 'request errored' : 'request completed',
  );
}
