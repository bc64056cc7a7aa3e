import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { mergeMap, Observable } from 'rxjs';

import { LOGGER } from '../common/logger';
import { routeAccess } from './access';
import { auditActionOf, auditTargetOf, joinRoutePath } from './audit-action';
import { AuditLogService } from './audit-log.service';
import { AuthedRequest } from './principal';

const pathOf = (target: object): string => {
  const path = Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined;
  return (Array.isArray(path) ? path[0] : path) ?? '';
};

/**
 * Writes the audit entry of every successful state-changing call (and of the reads a route marks,
 * such as exports) once the handler is done: who (user or key), what (action and target), when,
 * and the request id. Declared once here rather than in each handler, so a new route is audited
 * without anyone remembering to. An entry that cannot be written is logged; the answer stands.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLogService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const access = routeAccess(this.reflector, context.getHandler(), context.getClass());
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (access?.kind !== 'permission' || access.audit === false) return next.handle();
    if (access.audit === undefined && req.method === 'GET') return next.handle();
    const route = joinRoutePath(pathOf(context.getClass()), pathOf(context.getHandler()));
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const principal = req.principal;
        if (!principal) return body;
        const res = context.switchToHttp().getResponse<Response>();
        const requestId = res.getHeader('x-request-id') ?? req.headers['x-request-id'];
        const details: Record<string, unknown> = { ...req.auditDetails };
        if (req.method === 'GET' && Object.keys(req.query).length > 0) details.query = req.query;
        await this.audit
          .record(principal, {
            action: typeof access.audit === 'string' ? access.audit : auditActionOf(req.method, route),
            target: auditTargetOf(route, req.params as Record<string, string>, body),
            method: req.method,
            path: route,
            requestId: typeof requestId === 'string' ? requestId.slice(0, 200) : null,
            details,
          })
          .catch((err: Error) => this.log.error({ err: err.message, route }, 'audit entry not written'));
        return body;
      }),
    );
  }
}
