import { INestApplication } from '@nestjs/common';
import type { OperationObject, ResponseObject } from '@nestjs/swagger';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { problemSchema } from './common/problem.schema';
import { openApiSchema } from './common/zod-validation';
import { SECURITY_SCHEMES, securityFor, SecurityRequirement } from './workspaces/api-security';

/**
 * Handlers name their operation with `@ApiOperation({ operationId, summary })`; one that does not
 * gets this id, which test/integration/openapi-document.spec.ts refuses (a generated client
 * would otherwise call it `SurveysController_list`).
 */
export const UNDECLARED_OPERATION_PREFIX = 'undeclared_';
const undeclaredOperationId = (controller: string, method: string) =>
  `${UNDECLARED_OPERATION_PREFIX}${controller}_${method}`;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problem = (description: string): ResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF } },
});

/** The error answers every API route shares, each a problem+json (docs/api.md has the table). */
const ERROR_RESPONSES = {
  BadRequest: problem(
    'Bad request: an unknown or invalid query parameter, or a body that is not JSON (named in `errors`).',
  ),
  Unauthorized: problem('No valid API key or session (or a session that ended).'),
  Forbidden: problem(
    'The key scope or role lacks the permission (named in `permission`), or a change made with the session cookie came without its CSRF header.',
  ),
  NotFound: problem(
    'Not in this workspace, or not a UUID: an id in the path, or one used as a filter (named in `errors`).',
  ),
  ValidationFailed: problem('A well-formed body with invalid fields, each named in `errors`.'),
  Problem: problem(
    'Any other error: 409 conflict, 413 body too large, 429 over a rate limit or sign-in limit (Retry-After), 503 database unreachable (Retry-After).',
  ),
} satisfies Record<string, ResponseObject>;
type ErrorResponse = keyof typeof ERROR_RESPONSES;

/** The API as an OpenAPI 3 document: what /docs-json serves and `npm run openapi` writes for the console. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Palaute')
    .setDescription(
      'Omnichannel survey dispatch: journey events in, NPS/CSAT/CES out. Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('0.1.0');
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: undeclaredOperationId });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: openApiSchema(problemSchema) },
    responses: ERROR_RESPONSES,
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, OperationObject]>) {
      if (operation.security)
        operation.security = securityFor(
          method,
          operation.security as SecurityRequirement[],
        ) as typeof operation.security;
      if (path.startsWith('/v1/') || path.startsWith('/auth/')) addErrorResponses(path, operation);
    }
  }
  return sortedKeys(document);
}

/** The problems an operation can answer with, from what it takes: credentials, path ids, a body. */
function addErrorResponses(path: string, operation: OperationObject): void {
  const errors: Array<[string, ErrorResponse]> = [['400', 'BadRequest']];
  if (operation.security?.length) errors.push(['401', 'Unauthorized'], ['403', 'Forbidden']);
  if (path.includes('{')) errors.push(['404', 'NotFound']);
  if (operation.requestBody) errors.push(['422', 'ValidationFailed']);
  errors.push(['default', 'Problem']);
  for (const [status, name] of errors) operation.responses[status] ??= { $ref: `#/components/responses/${name}` };
}

/** Object keys in order at every depth, so the committed document changes only where the API does. */
function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  ) as T;
}
