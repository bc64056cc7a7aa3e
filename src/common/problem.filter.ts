import type { IncomingMessage, ServerResponse } from 'node:http';

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

import { Problem } from './problem';

export const PROBLEM_TYPE_BASE = 'https://palaute.dev/problems/';

/** Renders every error as application/problem+json (RFC 9457); unknown errors become a logged 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    sendProblem(res, req, toProblemBody(error, this.log));
  }
}

export interface ProblemBody {
  [extension: string]: unknown;
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** Maps any thrown value (ours, Nest's, body-parser's) to a problem body. */
export function toProblemBody(error: unknown, log?: Logger): ProblemBody {
  if (error instanceof Problem) {
    return {
      ...error.extensions,
      type: PROBLEM_TYPE_BASE + (error.typeSlug ?? 'error'),
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
  log?.error({ err: error }, 'unhandled error');
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
  res
    .writeHead(body.status, { 'content-type': 'application/problem+json; charset=utf-8' })
    .end(JSON.stringify({ ...body, instance: maskAccessToken(req.originalUrl ?? req.url) }));
}

/** A key sent as `?access_token=` (live streams) or a sign-in link's `?token=` is not echoed back into bodies that get logged. */
function maskAccessToken(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:access_token|token)=)[^&#]*/gi, '$1***');
}
