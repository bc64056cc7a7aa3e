import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { Logger } from 'pino';

import { Metrics } from './metrics';
import { requestIdFrom } from './request-id';
import { logRequest } from './request-log';
import { createSecurityHeaders } from './security-headers';

/** Answers a request itself when it is one of its own (the Twilio webhooks); every other request goes on to Express. */
export interface FrontDoorRouter {
  tryHandle(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface FrontDoorOptions {
  /** Where the one line per request goes. */
  accessLogger: Logger;
  metrics: Metrics;
  /** Tried in order before Express. */
  routers: FrontDoorRouter[];
  /** The route template of a request Express did not route (the routers' own), or null. */
  templateOf: (req: IncomingMessage) => string | null;
  hsts: boolean;
}

type ExpressRequest = IncomingMessage & { id?: string; route?: { path?: string }; baseUrl?: string };

/**
 * Everything every request gets, whoever answers it, in front of the routers and Express: an
 * `x-request-id` (the caller's when sane, else a new one) on every response, errors included, and
 * as `req.id` for handlers that pass it on (into the jobs a request causes); the security headers;
 * one access log line; and its latency by route template in palaute_http_request_duration_seconds.
 *
 * No AsyncLocalStorage: on Node 20, once one is used, every await in the process pays for
 * propagating it (measured: twice the cost of an await), and ingest is bound by this process's CPU.
 * The request id travels explicitly instead.
 */
export function installFrontDoor(server: Server, options: FrontDoorOptions): void {
  const routeOf = (req: IncomingMessage): string => {
    const express = req as ExpressRequest;
    if (express.route?.path) return `${express.baseUrl ?? ''}${express.route.path}`;
    return options.templateOf(req) ?? 'unmatched';
  };
  const securityHeaders = createSecurityHeaders({ hsts: options.hsts });
  const duration = options.metrics.histogram(
    'palaute_http_request_duration_seconds',
    'HTTP requests by method, route template and status, from arrival to the end of the response.',
    ['method', 'route', 'status'],
  );
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    (req as ExpressRequest).id = requestId;
    res.setHeader('x-request-id', requestId);
    securityHeaders(res, req.url ?? '/');
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      duration.observe({ method: req.method, route, status: res.statusCode }, seconds);
      logRequest(options.accessLogger, req, res, route, seconds);
    });
    if (options.routers.some((router) => router.tryHandle(req, res))) return;
    for (const listener of listeners) listener(req, res);
  });
}
