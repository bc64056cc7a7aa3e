import { api, ok } from './client';
import type { paths } from './schema';
import type { GetBody } from './types';

/** GET /v1/responses and GET /v1/responses/{id} as the generated document describes them. */
export type ResponseListPage = GetBody<'/v1/responses'>;
export type ResponseListItem = ResponseListPage['data'][number];
export type ListAnswer = ResponseListItem['answers'][number];

export type ResponseDetail = GetBody<'/v1/responses/{id}'>;
export type PageAnswer = ResponseDetail['answers'][number];
export type Delivery = ResponseDetail['delivery'];
export type ResponseAlert = ResponseDetail['alerts'][number];

/** Text per locale, as a survey defines it. */
export type LocalizedText = Record<string, string>;

type ListQuery = NonNullable<paths['/v1/responses']['get']['parameters']['query']>;

/**
 * One page of the list. The screens build the query as strings (the same one goes into the export
 * link), so it is handed over as the route's query type; the API validates every parameter.
 */
export async function listResponses(query: Record<string, string>): Promise<ResponseListPage> {
  return ok(api.GET('/v1/responses', { params: { query: query as unknown as ListQuery } }));
}

/** The tags in use, most used first (a filter's choices). */
export type TagCounts = GetBody<'/v1/responses/tags'>;

export async function listTags(): Promise<TagCounts> {
  return ok(api.GET('/v1/responses/tags', { params: { query: { limit: 100 } } }));
}

export async function getResponse(id: string): Promise<ResponseDetail> {
  return ok(api.GET('/v1/responses/{id}', { params: { path: { id } } }));
}
