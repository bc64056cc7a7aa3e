import { z } from 'zod';

import { parseQuery } from '../common/zod-validation';
import { responseFilterOf, responseFilterParams } from './response-filter-params';
import type { ResponseFilter } from './response-filters.sql-builder';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media types content negotiation chooses between, in order of preference for `Accept: *\/*`. */
export const EXPORT_MEDIA_TYPES: Record<string, ExportFormat> = { 'application/x-ndjson': 'ndjson', 'text/csv': 'csv' };

const score = z.coerce.number().int().min(0).max(10);

/** Query parameters of GET /v1/responses/export; cross-field rules name the later field. */
export const exportQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS).optional().describe('Wins over Accept; without both, NDJSON.'),
    campaignId: z
      .string()
      .uuid()
      .optional()
      .describe("Only this campaign's responses (404 when the workspace has none such)."),
    from: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('Responses created at or after (ISO 8601 with offset).'),
    to: z.string().datetime({ offset: true }).optional().describe('Responses created before.'),
    scoreMin: score.optional().describe('Inclusive, 0–10: on the NPS answer, or the answer to questionId.'),
    scoreMax: score.optional().describe('Inclusive, 0–10.'),
    questionId: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'A question id: q1, why, fcr')
      .optional()
      .describe('The scale question scoreMin/scoreMax apply to (default: the NPS question).'),
    ...responseFilterParams,
    bom: z
      .enum(['true', 'false'])
      .optional()
      .describe('CSV only: start with a UTF-8 BOM so Excel reads UTF-8 (default true).'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
    if (q.scoreMin !== undefined && q.scoreMax !== undefined && q.scoreMin > q.scoreMax) {
      ctx.addIssue({ code: 'custom', path: ['scoreMax'], message: '`scoreMax` must be at least `scoreMin`' });
    }
    // Alone it would filter nothing: say so rather than silently export everything.
    if (q.questionId && q.scoreMin === undefined && q.scoreMax === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['questionId'],
        message: '`questionId` picks the answer `scoreMin`/`scoreMax` apply to; give one of them',
      });
    }
  });

export interface ExportQuery {
  workspaceId: string;
  format: ExportFormat;
  campaignId?: string;
  from?: Date;
  to?: Date;
  /** Inclusive bounds on the NPS answer, or on the answer to `questionId` when given. */
  score?: { min?: number; max?: number; questionId?: string };
  /** Channel, journey properties, NPS bands, words: the filters GET /v1/responses takes, with the same meaning. */
  filter: ResponseFilter;
  bom: boolean;
}

/**
 * Validates the query (400 naming each bad parameter). `format` wins; without it the format is the
 * one `Accept` negotiated (`negotiated`, undefined when Accept names neither), NDJSON by default.
 */
export function parseExportQuery(workspaceId: string, query: unknown, negotiated?: string): ExportQuery {
  const q = parseQuery(exportQuerySchema, query);
  const hasScore = q.scoreMin !== undefined || q.scoreMax !== undefined;
  return {
    workspaceId,
    format: q.format ?? (negotiated ? EXPORT_MEDIA_TYPES[negotiated] : undefined) ?? 'ndjson',
    campaignId: q.campaignId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    score: hasScore ? { min: q.scoreMin, max: q.scoreMax, questionId: q.questionId } : undefined,
    filter: responseFilterOf(q),
    bom: q.bom !== 'false',
  };
}
