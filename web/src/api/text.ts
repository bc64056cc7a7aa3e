import { api, ok } from './client';
import type { TextLanguage } from './text-languages';
import type { GetBody } from './types';

/**
 * GET /v1/text/themes and /v1/text/search as the generated document describes them (each theme
 * with its impact on NPS), and the shapes of the annotation routes' answers the screen reads.
 */
type Generated = GetBody<'/v1/text/themes'>;

/** A theme (its `key` is the sorted stems a correction names) with what it does to NPS. */
export type Theme = Generated['themes'][number];

/** What one theme does to NPS: the score with and without the responses that mention it. */
export type ThemeImpact = Theme['impact'];

/** A theme detractors raise more than promoters, with the API's log-odds and z. */
export type DetractorTheme = Generated['detractorThemes'][number];

export type TextThemes = Generated;

export type SearchPage = GetBody<'/v1/text/search'>;
export type SearchHit = SearchPage['data'][number];

export interface TextQuery {
  from?: string;
  to?: string;
  campaignId?: string;
  language?: TextLanguage;
}

export async function getThemes(query: TextQuery & { limit?: number }): Promise<TextThemes> {
  return ok(api.GET('/v1/text/themes', { params: { query } }));
}

export async function searchText(
  query: TextQuery & { q: string; limit?: number; cursor?: string },
): Promise<SearchPage> {
  return ok(api.GET('/v1/text/search', { params: { query } }));
}

/** A response's themes after analysts' corrections (GET /v1/responses/{id} and the PUT's answer). */
export type ResponseThemes = GetBody<'/v1/responses/{id}'>['themes'];

export interface Annotations {
  tags: string[];
  themes: ResponseThemes;
}

const onResponse = (id: string) => ({ params: { path: { id } } });

export async function getAnnotations(responseId: string): Promise<Annotations> {
  const page = await ok(api.GET('/v1/responses/{id}', onResponse(responseId)));
  return { tags: page.tags, themes: page.themes };
}

export async function correctThemes(responseId: string, change: { add?: string[]; remove?: string[] }) {
  const body = { add: change.add ?? [], remove: change.remove ?? [] };
  return ok(api.PUT('/v1/responses/{id}/themes', { ...onResponse(responseId), body }));
}

/** Replaces the response's tags (the API trims and lower-cases them). */
export function setTags(responseId: string, tags: string[]) {
  return ok(api.PUT('/v1/responses/{id}/tags', { ...onResponse(responseId), body: { tags } }));
}
