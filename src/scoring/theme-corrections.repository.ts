import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import type { ThemeCorrection } from './text/theme-corrections';

/** One stored correction. */
export interface ThemeCorrectionRow {
  response_id: string;
  theme_key: string;
  action: 'add' | 'remove';
  label: string;
}

/** Analysts' corrections of responses' themes (theme_corrections). Rows stay snake_case. */
@Injectable()
export class ThemeCorrectionsRepository {
  constructor(private readonly db: Sql) {}

  /** The corrections of these responses (a request's analysed answers), in one statement. */
  async forResponses(responseIds: readonly string[]): Promise<ThemeCorrectionRow[]> {
    if (responseIds.length === 0) return [];
    return this.db.query<ThemeCorrectionRow>(
      `SELECT response_id, theme_key, action, label FROM theme_corrections WHERE response_id = ANY($1::uuid[])`,
      [responseIds],
      'theme-corrections-for-responses',
    );
  }

  /** Records the corrections, each replacing any earlier word on its key. */
  async upsert(
    workspaceId: string,
    responseId: string,
    corrections: readonly ThemeCorrection[],
    by: string,
    at: Date,
  ): Promise<void> {
    await this.db.query<never>(
      `INSERT INTO theme_corrections (response_id, theme_key, workspace_id, action, label, corrected_by, corrected_at)
       SELECT $1, k, $2, a, l, $6, $7 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(k, a, l)
       ON CONFLICT (response_id, theme_key) DO UPDATE SET action = EXCLUDED.action, label = EXCLUDED.label,
         corrected_by = EXCLUDED.corrected_by, corrected_at = EXCLUDED.corrected_at`,
      [
        responseId,
        workspaceId,
        corrections.map((c) => c.key),
        corrections.map((c) => c.action),
        corrections.map((c) => c.label),
        by,
        at,
      ],
    );
  }
}

/** Rows as the pure functions take them, per response. */
export function correctionsByResponse(rows: readonly ThemeCorrectionRow[]): Map<string, ThemeCorrection[]> {
  const out = new Map<string, ThemeCorrection[]>();
  for (const r of rows) {
    const list = out.get(r.response_id) ?? [];
    list.push({ key: r.theme_key, action: r.action, label: r.label });
    out.set(r.response_id, list);
  }
  return out;
}
