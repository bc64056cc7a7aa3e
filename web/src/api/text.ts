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
export interface ResponseThemes {
  language: string | null;
  themes: Array<{ key: string; label: string; source: 'detected' | 'added' }>;
  removed: Array<{ key: string; label: string }>;
}

export interface Annotations {
  tags: string[];
  themes: ResponseThemes;
}

type Call = Promise<{ data?: unknown; error?: unknown; response: Response }>;
/** The client without path types, for routes the generated document does not list yet. */
const untyped = api as unknown as {
  GET(path: string, init: { params: { path: { id: string } } }): Call;
  PUT(path: string, init: { params: { path: { id: string } }; body: unknown }): Call;
};
const onResponse = (id: string) => ({ params: { path: { id } } });

export async function getAnnotations(responseId: string): Promise<Annotations> {
  const page = (await ok(untyped.GET('/v1/responses/{id}', onResponse(responseId)))) as Annotations;
  return { tags: page.tags, themes: page.themes };
}

export async function correctThemes(responseId: string, change: { add?: string[]; remove?: string[] }) {
  const body = { add: change.add ?? [], remove: change.remove ?? [] };
  return (await ok(untyped.PUT('/v1/responses/{id}/themes', { ...onResponse(responseId), body }))) as ResponseThemes;
}

/** Replaces the response's tags (the API trims and lower-cases them). */
export async function setTags(responseId: string, tags: string[]) {
  const answer = await ok(untyped.PUT('/v1/responses/{id}/tags', { ...onResponse(responseId), body: { tags } }));
  return answer as { responseId: string; tags: string[]; added: string[]; removed: string[] };
}
