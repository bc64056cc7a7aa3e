import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

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

type Route = (req: IncomingMessage) => string;

/**
 * One JSON line per request when its response is done (pino-http): method, masked URL, route
 * template, status, duration, and `requestId` (the front door's `req.id`). 5xx at error, probes
 * at debug, the rest at info. No headers or bodies are logged: they carry keys, tokens and
 * personal data.
 */
export function createRequestLog(logger: Logger, routeOf: Route): (req: IncomingMessage, res: ServerResponse) => void {
  const log = pinoHttp({
    logger,
    genReqId: (req) => requestIdOf(req) ?? 'none',
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: maskUrlSecrets(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : PROBES.test(req.url ?? '') && res.statusCode < 400 ? 'debug' : 'info',
    customSuccessObject: (req, _res, value: Record<string, unknown>) => ({ ...value, route: routeOf(req) }),
    customErrorObject: (req, _res, _err, value: Record<string, unknown>) => ({ ...value, route: routeOf(req) }),
  });
  return (req, res) => log(req, res);
}
