import { z } from 'zod';

/** An RFC 9457 problem as ProblemFilter renders it (application/problem+json), for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z
      .string()
      .describe('What kind of problem: https://palaute.dev/problems/<slug> (validation, not-found, …) or about:blank.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional().describe('What went wrong, in words a person can act on.'),
    instance: z.string().optional().describe('The request path (a key or token in it is masked).'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Each bad field or parameter, by its dotted path (`contact.email`, `campaignId`).'),
    permission: z.string().optional().describe('On a 403 for a role or key scope: the permission it lacks.'),
    'violated-policies': z
      .array(z.string())
      .optional()
      .describe('On a 429 over a rate limit: the policies exceeded (Retry-After says when to come back).'),
  })
  .catchall(z.unknown());
