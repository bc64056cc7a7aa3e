import { z } from 'zod';

import { CHANNELS } from '../policy/channel';
import { type NpsBand, RESPONSE_SLICES, type ResponseFilter, type ResponseSlice } from './response-filters.sql-builder';
import { MAX_TAG_LENGTH, normalizeTag } from './response-tags';

const sliceValue = (what: string) =>
  z.string().min(1).max(200).optional().describe(`The event's \`${what}\` property, exactly as written`);

/**
 * The query parameters that narrow responses by what they are about (as opposed to when, which
 * campaign, or which page): GET /v1/responses/export takes them, with the names and meanings of
 * GET /v1/responses, so the console exports exactly the list it shows.
 */
export const responseFilterParams = {
  channel: z.enum(CHANNELS).optional().describe('The channel the response came back on'),
  team: sliceValue('team'),
  agent: sliceValue('agent'),
  touchpoint: sliceValue('touchpoint'),
  location: sliceValue('location'),
  band: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(['detractor', 'passive', 'promoter'])))
    .optional()
    .describe('NPS bands, comma-separated: detractor (0–6), passive (7–8), promoter (9–10)'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Words in an open answer, a comment given with a score or an unreadable reply (case-insensitive, as written; GET /v1/text/search matches every inflection)',
    ),
  commented: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: only responses with words in them (an open answer, a comment with a score, an unreadable reply); false: only those without',
    ),
  tag: z.string().trim().min(1).max(MAX_TAG_LENGTH).optional().describe('Responses carrying this tag'),
};

type Parsed = {
  channel?: string;
  band?: NpsBand[];
  q?: string;
  commented?: 'true' | 'false';
  tag?: string;
} & Partial<Record<ResponseSlice, string>>;

/** The parsed parameters as the SQL builder's filter. */
export function responseFilterOf(p: Parsed): ResponseFilter {
  const slices: Partial<Record<ResponseSlice, string>> = {};
  for (const s of RESPONSE_SLICES) if (p[s] !== undefined) slices[s] = p[s];
  return {
    channel: p.channel,
    slices,
    bands: p.band,
    text: p.q,
    commented: p.commented === undefined ? undefined : p.commented === 'true',
    // As tags are stored, so "Refund " finds "refund".
    tag: p.tag === undefined ? undefined : normalizeTag(p.tag),
  };
}
