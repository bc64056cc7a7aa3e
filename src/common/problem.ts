import { HttpException, HttpStatus } from '@nestjs/common';

/** One bad field in a request, named by its dotted path (`contact.email`, `questions.2.text.en`). */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem: thrown anywhere, rendered by ProblemFilter as application/problem+json. */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly typeSlug?: string,
    /** RFC 9457 extension members, rendered beside the standard ones (`permission` on a 403). */
    readonly extensions?: Record<string, unknown>,
    /** A problem type defined elsewhere, as its absolute URI (the rate limits' quota-exceeded). */
    readonly typeUri?: string,
  ) {
    super({ title, detail, errors }, status);
  }
}

/** The request body parsed but its content is wrong: 422 with every bad field. */
export const invalidBody = (errors: FieldError[], detail = 'The request body has invalid fields.') =>
  new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', detail, errors, 'validation');

/** A bad query string or path parameter. */
export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(HttpStatus.BAD_REQUEST, 'Bad request', detail, errors, 'bad-request');

/** Also used for other workspaces' resources: never reveal that they exist. */
export const notFound = (what: string) =>
  new Problem(HttpStatus.NOT_FOUND, 'Not found', `${what} was not found.`, undefined, 'not-found');

/**
 * A query filter naming an id the workspace does not have (another workspace's, or none at all):
 * 404 naming the parameter, on every route alike, rather than an empty answer that looks like
 * "nothing yet" and hides the typo.
 */
export const unknownFilter = (param: string, what: string) =>
  new Problem(
    HttpStatus.NOT_FOUND,
    'Not found',
    `${what} was not found.`,
    [{ path: param, message: `No ${what.toLowerCase()} with this id in this workspace` }],
    'not-found',
  );

export const conflict = (detail: string, errors?: FieldError[]) =>
  new Problem(HttpStatus.CONFLICT, 'Conflict', detail, errors, 'conflict');

export const unauthorized = (detail: string) =>
  new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', detail, undefined, 'unauthorized');

export const forbidden = (detail: string) =>
  new Problem(HttpStatus.FORBIDDEN, 'Forbidden', detail, undefined, 'forbidden');

/** A role or key scope that may not call the route: 403 naming the permission it lacks. */
export const missingPermission = (permission: string, detail: string) =>
  new Problem(HttpStatus.FORBIDDEN, 'Forbidden', detail, undefined, 'forbidden', { permission });

export const tooManyRequests = (detail: string) =>
  new Problem(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests', detail, undefined, 'too-many-requests');
