import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import type { UiLocale } from '../i18n/locale';

/** A workspace's stored follow-up settings. */
export interface AlertSettingsRow {
  resolution_codes: string[];
  digest_recipients: string[];
  locale: UiLocale;
  timezone: string;
}

/** A workspace that opted in to the weekly digest, with its name (read from workspaces). */
export interface DigestAudienceRow {
  workspace_id: string;
  digest_recipients: string[];
  locale: UiLocale;
  timezone: string;
  name: string;
}

/** alert_settings, one row per workspace that changed the defaults. Rows stay snake_case. */
@Injectable()
export class AlertSettingsRepository {
  constructor(private readonly db: Sql) {}

  async find(workspaceId: string, tx: Queryable = this.db): Promise<AlertSettingsRow | undefined> {
    const [row] = await tx.query<AlertSettingsRow>(
      `SELECT resolution_codes, digest_recipients, locale, timezone FROM alert_settings WHERE workspace_id = $1`,
      [workspaceId],
    );
    return row;
  }

  async upsert(
    workspaceId: string,
    s: { resolutionCodes: string[]; digestRecipients: string[]; locale: UiLocale; timezone: string },
  ): Promise<void> {
    await this.db.query<never>(
      `INSERT INTO alert_settings (workspace_id, resolution_codes, digest_recipients, locale, timezone, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (workspace_id) DO UPDATE SET resolution_codes = $2, digest_recipients = $3, locale = $4, timezone = $5, updated_at = now()`,
      [workspaceId, s.resolutionCodes, s.digestRecipients, s.locale, s.timezone],
    );
  }

  /** Every workspace with at least one digest recipient; joins workspaces (read-only) for the name. */
  async digestAudiences(): Promise<DigestAudienceRow[]> {
    return this.db.query<DigestAudienceRow>(
      `SELECT s.workspace_id, s.digest_recipients, s.locale, s.timezone, w.name FROM alert_settings s JOIN workspaces w ON w.id = s.workspace_id
       WHERE cardinality(s.digest_recipients) > 0`,
    );
  }

  /**
   * The workspace's name for the digest preview: a read-only look at workspaces, which stands in
   * for a WorkspacesService method until that module offers one.
   */
  async workspaceName(workspaceId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ name: string }>(`SELECT name FROM workspaces WHERE id = $1`, [workspaceId]);
    return row?.name;
  }
}
