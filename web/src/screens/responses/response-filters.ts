/**
 * The responses list's own filters (score band, has a comment, words, tag) beside the shared filter
 * bar's, and the one query both GET /v1/responses and its export take for them. Pure: the list, the
 * export link and their tests share it, so what is downloaded is what is shown.
 */
import { type Filters, rangeOf, type Slice, SLICES } from '../../filters/filters';

export const BANDS = ['detractor', 'passive', 'promoter'] as const;
export type Band = (typeof BANDS)[number];

/** NPS bands as everyone counts them: 0–6 detractors, 7–8 passives, 9–10 promoters; null for no score. */
export function npsBand(value: unknown): Band | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) return null;
  return value <= 6 ? 'detractor' : value <= 8 ? 'passive' : 'promoter';
}

export interface ListFilters {
  /** Empty: every response, scored or not. */
  bands: Band[];
  /** Only responses with words in them (an open answer or a comment given with a score). */
  commented: boolean;
  /** Words to find in what customers wrote. */
  q?: string;
  /** Responses an analyst tagged so. */
  tag?: string;
}

export const LIST_KEYS = ['band', 'commented', 'q', 'tag'] as const;

export function listFiltersFromSearch(search: URLSearchParams): ListFilters {
  const wanted = new Set((search.get('band') ?? '').split(','));
  const q = search.get('q')?.trim().slice(0, 200);
  const tag = search.get('tag')?.trim().slice(0, 50);
  return {
    bands: BANDS.filter((b) => wanted.has(b)),
    commented: search.get('commented') === 'true',
    ...(q ? { q } : {}),
    ...(tag ? { tag } : {}),
  };
}

/** `search` with the list's own filters set to `f` (every other key kept, as the filter bar does). */
export function withListFilters(search: URLSearchParams, f: ListFilters): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const k of LIST_KEYS) next.delete(k);
  if (f.bands.length) next.set('band', BANDS.filter((b) => f.bands.includes(b)).join(','));
  if (f.commented) next.set('commented', 'true');
  if (f.q?.trim()) next.set('q', f.q.trim());
  if (f.tag?.trim()) next.set('tag', f.tag.trim());
  return next;
}

/**
 * The filters as the responses routes' query: the period as [from, to), the campaign, the channel,
 * the journey slices by their own names (team, agent, touchpoint, location), then the list's own
 * (bands, has a comment, words, tag).
 */
export function responsesQueryOf(f: Filters, list: ListFilters, now: Date): Record<string, string> {
  const r = rangeOf(f, now);
  const q: Record<string, string> = { from: r.from.toISOString(), to: r.to.toISOString() };
  if (f.campaignId) q.campaignId = f.campaignId;
  if (f.channel) q.channel = f.channel;
  for (const slice of Object.keys(SLICES) as Slice[]) {
    const v = f[slice];
    if (v) q[slice] = v;
  }
  if (list.bands.length) q.band = list.bands.join(',');
  if (list.commented) q.commented = 'true';
  if (list.q) q.q = list.q;
  if (list.tag) q.tag = list.tag;
  return q;
}

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export of exactly what the list shows, as a same-origin URL (the session cookie authenticates the GET). */
export function exportUrlOf(f: Filters, list: ListFilters, format: ExportFormat, now: Date): string {
  const q = new URLSearchParams({ format, ...responsesQueryOf(f, list, now) });
  return `/v1/responses/export?${q}`;
}

/**
 * At most `max` characters of a comment on one line, cut at a word boundary when one is near,
 * with an ellipsis when anything was left out.
 */
export function excerpt(text: string | null | undefined, max = 120): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const head = space >= max * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,.;:–-]+$/, '')}…`;
}

interface AnswerLike {
  type?: string;
  value: number | string | null;
  comment: string | null;
}

/** The value of the first answer of a type (the NPS, CSAT or CES score), null when there is none. */
export function scoreOf(answers: AnswerLike[], type: 'nps' | 'csat' | 'ces'): number | null {
  const a = answers.find((x) => x.type === type && typeof x.value === 'number');
  return a ? (a.value as number) : null;
}

/** What the customer wrote: the open answers, then the words given with a score, and an unreadable reply. */
export function commentOf(answers: AnswerLike[], unparsedText?: string | null): string {
  const open = answers.filter((a) => a.type === 'text' && typeof a.value === 'string').map((a) => a.value as string);
  const withScore = answers.map((a) => a.comment).filter((c): c is string => Boolean(c?.trim()));
  return [...open, ...withScore, ...(unparsedText ? [unparsedText] : [])].join(' · ');
}
