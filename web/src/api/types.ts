import type { paths } from './schema';

/** The JSON body a GET route answers with 200, straight from the generated OpenAPI types. */
export type GetBody<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B } } } };
}
  ? B
  : never;

/** The JSON body a POST route answers with on success (200, 201 or 202). */
export type PostBody<P extends keyof paths> = paths[P] extends {
  post: { responses: infer R };
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : R extends { 202: { content: { 'application/json': infer B } } }
        ? B
        : never
  : never;
