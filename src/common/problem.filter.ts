import type { IncomingMessage, ServerResponse } from 'node:http';

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

import { Problem } from './problem';
import { requestIdOf } from './request-id';
import { isUnreachable } from './unreachable';

export const PROBLEM_TYPE_BASE = 'https://palaute.dev/problems/';

/**
 * Seconds a client is asked to wait (`Retry-After`) when the database cannot be reached: long
 * enough that a CRM's retries do not pile up, short enough that ingest resumes soon after.
 */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** Renders every error as application/problem+json (RFC 9457); unknown errors become a logged 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    sendProblem(res, req, toProblemBody(error, this.log, requestIdOf(req)));
  }
}

export interface ProblemBody {
  [extension: string]: unknown;
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
  /** Sent as the `Retry-After` header (seconds), not in the body. */
  retryAfter?: number;
}

/** Maps any thrown value (ours, Nest's, body-parser's) to a problem body. */
export function toProblemBody(error: unknown, log?: Logger, requestId?: string): ProblemBody {
  if (error instanceof Problem) {
    return {
      ...error.extensions,
      type: error.typeUri ?? PROBLEM_TYPE_BASE + (error.typeSlug ?? 'error'),
      title: error.title,
      status: error.getStatus(),
      detail: error.detail,
      errors: error.errors,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    return { type: 'about:blank', title: HttpStatus[status] ?? 'Error', status, detail: String(detail) };
  }
  const parserError = error as { type?: string; status?: number; message?: string };
  if (parserError?.type === 'entity.parse.failed') {
    return {
      type: PROBLEM_TYPE_BASE + 'malformed-body',
      title: 'Malformed request body',
      status: 400,
      detail: 'The body is not valid JSON.',
    };
  }
  if (parserError?.type === 'entity.too.large') {
    return {
      type: PROBLEM_TYPE_BASE + 'too-large',
      title: 'Request body too large',
      status: 413,
      detail: 'The body is larger than 1 MB.',
    };
  }
  if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    return {
      type: PROBLEM_TYPE_BASE + 'unsupported-encoding',
      title: 'Unsupported encoding',
      status: 415,
      detail: parserError.message,
    };
  }
  if (isUnreachable(error)) {
    // Not a bug: the database (or another dependency) is down or cut off. Clients retry (same Idempotency-Key) and lose nothing.
    log?.warn({ err: (error as Error).message }, 'a dependency is unreachable; answering 503');
    return {
      type: PROBLEM_TYPE_BASE + 'unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: `The service cannot reach its database right now. Retry in ${UNAVAILABLE_RETRY_AFTER_S} seconds (with the same Idempotency-Key).`,
      retryAfter: UNAVAILABLE_RETRY_AFTER_S,
    };
  }
  log?.error({ err: error, requestId }, 'unhandled error');
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side.',
  };
}

/** Writes a problem with Node's own response API, so Express, Nest and the raw Twilio webhooks share it. */
export function sendProblem(
  res: ServerResponse,
  req: IncomingMessage & { originalUrl?: string },
  body: ProblemBody,
): void {
  const { retryAfter, ...problem } = body;
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  res
    .writeHead(body.status, headers)
    .end(JSON.stringify({ ...problem, instance: maskAccessToken(req.originalUrl ?? req.url) }));
}

/** A key sent as `?access_token=` (live streams) or a sign-in link's `?token=` is not echoed back into bodies that get logged. */
function maskAccessToken(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:access_token|token)=)[^&#]*/gi, '$1***');
}
