import { Injectable } from '@nestjs/common';

import type { RelationshipRun } from '../campaigns/campaigns.service';
import { Sql } from '../database/sql';

/** Contacts per page of a relationship run. */
export const AUDIENCE_PAGE = 1_000;

interface AudienceRow {
  external_id: string;
}

/**
 * A relationship campaign's audience, read only from contacts (a lower layer), so a run emits
 * events for the people the campaign names.
 */
@Injectable()
export class AudienceRepository {
  constructor(private readonly db: Sql) {}

  /** The next AUDIENCE_PAGE external ids after `after`, in order. */
  async page(workspaceId: string, audience: RelationshipRun['audience'], after: string): Promise<string[]> {
    const rows = await this.db.query<AudienceRow>(
      `SELECT external_id FROM contacts WHERE workspace_id = $1 AND attributes @> $2::jsonb AND ($3::text[] IS NULL OR external_id = ANY($3))
           AND external_id > $4 ORDER BY external_id LIMIT ${AUDIENCE_PAGE}`,
      [workspaceId, JSON.stringify(audience?.attributes ?? {}), audience?.externalIds ?? null, after],
    );
    return rows.map((r) => r.external_id);
  }
}
