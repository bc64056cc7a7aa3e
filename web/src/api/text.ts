import { api, ok } from './client';
import type { Interval } from './scores';
import type { TextLanguage } from './text-languages';

/**
 * The parts of GET /v1/text/themes and /v1/text/search the text screen reads, and the annotation
 * routes (PUT /v1/responses/{id}/themes and /tags). The OpenAPI document calls the text answers
 * open objects and does not yet list the annotation routes, so the shapes are named here once,
 * from src/scoring/text-insights.service.ts, theme-impact.ts and src/responses/responses.schema.ts.
 */
/** What one theme does to NPS: the score with and without the responses that mention it. */
export interface ThemeImpact {
  mentioning: { n: number; score: number | null };
  without: { n: number; score: number | null };
  /** NPS of everyone minus NPS without the theme, in points (−4: the theme costs 4 points). */
  impact: number | null;
  interval: Interval | null;
  pValue: number | null;
  significant: boolean;
  /** Why a figure is missing, in the API's words. */
  reason: string | null;
}

export interface Theme {
  language: TextLanguage | null;
  /** Sorted stems: the theme's identity, also what a correction names. */
  key: string;
  words: number;
  /** How responses most often wrote it. */
  label: string;
  /** Responses that mention it. */
  documents: number;
  /** Absent from a server that does not measure impact yet. */
  impact?: ThemeImpact;
}

export interface DetractorTheme {
  language: TextLanguage | null;
  key: string;
  words: number;
  label: string;
  detractors: number;
  detractorResponses: number;
  promoters: number;
  promoterResponses: number;
  /** Smoothed log-odds of a detractor mentioning it minus a promoter's (> 0 leans detractor). */
  logOdds: number;
  /** logOdds over its standard error: the ranking key. */
  z: number;
}

export interface TextThemes {
  analysedResponses: number;
  capped: boolean;
  /** Open answers per language, `other` for those not analysed in one. */
  byLanguage: Record<string, number>;
  /** The population a theme's impact is measured in (servers that measure impact). */
  nps?: { n: number; promoters: number; detractors: number; score: number | null };
  themes: Theme[];
  detractorThemes: DetractorTheme[];
}

export interface SearchHit {
  responseId: string;
  createdAt: string;
  language: TextLanguage | null;
  nps: number | null;
  text: string;
}

export interface SearchPage {
  query: string;
  searched: number;
  data: SearchHit[];
  nextCursor: string | null;
}

export interface TextQuery {
  from?: string;
  to?: string;
  campaignId?: string;
  language?: TextLanguage;
}

export async function getThemes(query: TextQuery & { limit?: number }): Promise<TextThemes> {
  return (await ok(api.GET('/v1/text/themes', { params: { query } }))) as unknown as TextThemes;
}

export async function searchText(query: TextQuery & { q: string; limit?: number; cursor?: string }) {
  return (await ok(api.GET('/v1/text/search', { params: { query } }))) as unknown as SearchPage;
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
