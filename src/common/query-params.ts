import {
  applyDecorators,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { z } from 'zod';

import { badRequest, FieldError } from './problem';
import { openApiSchema, parseQuery } from './zod-validation';

const QUERY_PARAMS = 'palaute:query-params';

/** The query parameters one route takes: the schema that validates them and the names it knows. */
export interface QueryParamsRule {
  schema: z.ZodObject;
  names: readonly string[];
  /** Names the schema cannot list (the scores filters `properties.<key>`, `contact.<key>`). */
  alsoAllows?: (name: string) => boolean;
  /** Said with each unknown name: what `alsoAllows` lets through. */
  hint?: string;
}

/**
 * Declares a route's query parameters once: `@ValidQuery()` validates them with `schema`, the
 * OpenAPI document lists each one (type, whether required, its `.describe()` text), and
 * StrictQueryInterceptor refuses any other name with a 400. A route without it takes none.
 */
export function QueryParams(schema: z.ZodObject, options: Pick<QueryParamsRule, 'alsoAllows' | 'hint'> = {}) {
  const names = Object.keys(schema.shape);
  const rule: QueryParamsRule = { schema, names, ...options };
  return applyDecorators(
    SetMetadata(QUERY_PARAMS, rule),
    ...names.map((name) => {
      const field = schema.shape[name] as z.ZodType;
      return ApiQuery({
        name,
        required: !field.safeParse(undefined).success,
        // `.describe(…).optional()` keeps the text on the inner schema (the cursor of every list).
        description:
          field.description ?? (field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType).description : undefined),
        schema: openApiSchema(field),
      });
    }),
  );
}

/**
 * Public pages opened from messages (the survey page, unsubscribe, the promoter redirect, sign-in links) take any
 * parameter: mail and link trackers append their own (`utm_source`, `fbclid`), and a customer must
 * never meet a 400 for what their mail client added. The survey page reads question ids from it.
 */
export const AnyQueryParams = () => SetMetadata(QUERY_PARAMS, 'any');

/** The route's query, validated by the schema its `@QueryParams` declared (400 naming each bad parameter). */
export const ValidQuery = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const rule = Reflect.getMetadata(QUERY_PARAMS, ctx.getHandler()) as QueryParamsRule | 'any' | undefined;
  if (!rule || rule === 'any') throw new Error(`${ctx.getHandler().name}: @ValidQuery() needs @QueryParams(schema)`);
  return parseQuery(rule.schema, ctx.switchToHttp().getRequest<Request>().query);
});

/** What a handler declared: its rule, 'any' (@AnyQueryParams), or undefined (it takes none). */
export function declaredQueryParams(handler: object): QueryParamsRule | 'any' | undefined {
  return Reflect.getMetadata(QUERY_PARAMS, handler) as QueryParamsRule | 'any' | undefined;
}

/** The parameters in `given` the rule does not know, each as a field error; empty when all are known. */
export function unknownQueryParams(given: readonly string[], rule: QueryParamsRule | undefined): FieldError[] {
  const known = new Set(rule?.names ?? []);
  const takes =
    (rule?.names.length ? `this route takes ${rule.names.join(', ')}` : 'this route takes no query parameters') +
    (rule?.hint ? ` (${rule.hint})` : '');
  return given
    .filter((name) => !known.has(name) && !rule?.alsoAllows?.(name))
    .map((name) => ({ path: name === '' ? '(empty name)' : name, message: `Unknown parameter; ${takes}` }));
}

/**
 * Refuses unknown query parameters on every route, before any handler runs (so no route can
 * forget): a misspelt filter (`campaign_id`) would otherwise silently widen the answer. Runs after
 * the auth guard, so an unauthenticated caller still gets its 401.
 */
@Injectable()
export class StrictQueryInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.getAllAndOverride<QueryParamsRule | 'any' | undefined>(QUERY_PARAMS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule !== 'any') {
      const query = context.switchToHttp().getRequest<Request>().query ?? {};
      const errors = unknownQueryParams(Object.keys(query), rule);
      if (errors.length) throw badRequest('The request has unknown query parameters.', errors);
    }
    return next.handle();
  }
}
