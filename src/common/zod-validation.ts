import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

import { badRequest, FieldError, invalidBody } from './problem';

/** Zod issues → our field errors (dotted paths). */
export function toFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Validates a JSON body: 422 naming every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw invalidBody(toFieldErrors(result.error));
  return result.data;
}

/** Validates a query string: 400 naming every bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query ?? {});
  if (!result.success) throw badRequest('Invalid query parameters.', toFieldErrors(result.error));
  return result.data;
}

/** The zod schema as an OpenAPI 3.0 schema object, for the /docs document. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/**
 * zod gives every `.int()` the bounds ±(2^53 − 1). Fine on a body (it refuses bigger), but noise on an
 * answer, where every whole number we send is one.
 */
function dropSafeIntegerBounds({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void {
  if (jsonSchema.type !== 'integer') return;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
}

/** Documents a zod-validated body (and optionally the response) in OpenAPI. */
export function ApiZod(options: { body?: z.ZodType; response?: z.ZodType; status?: number; description?: string }) {
  const decorators = [];
  if (options.body) decorators.push(ApiBody({ schema: openApiSchema(options.body) }));
  if (options.response) {
    const schema = z.toJSONSchema(options.response, {
      target: 'openapi-3.0',
      io: 'output',
      unrepresentable: 'any',
      override: dropSafeIntegerBounds,
    }) as Record<string, unknown>;
    decorators.push(
      options.status && options.status !== 200
        ? ApiResponse({ status: options.status, schema, description: options.description })
        : ApiOkResponse({ schema, description: options.description }),
    );
  }
  return applyDecorators(...decorators);
}
