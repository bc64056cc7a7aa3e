import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { ContactFacts, InvitationFacts, OutboxRow } from './outbox-events';

interface OutboxRecord {
  /** bigint: pg returns it as text. */
  id: string;
  workspace_id: string;
  event_type: string;
  subject_id: string;
  occurred_at: Date;
  details: Record<string, unknown>;
}

interface InvitationFactsRecord {
  id: string;
  campaign_id: string;
  survey_id: string;
  contact_id: string;
  contact_external_id: string;
  event_id: string | null;
  event_external_id: string | null;
}

interface ContactFactsRecord {
  id: string;
  external_id: string;
}

/**
 * webhook_outbox, which the invitation and contact triggers fill, and the read-only facts its
 * payloads need from the invitations, survey_versions, contacts and events tables. Rows are mapped
 * to camelCase here. Every method runs in the relay's transaction.
 */
@Injectable()
export class WebhookOutboxRepository {
  constructor(private readonly db: Sql) {}

  /** Deletes and returns up to `limit` rows, skipping those another relay holds; the delete commits with the messages. */
  async take(limit: number, tx: Queryable = this.db): Promise<OutboxRow[]> {
    const rows = await tx.query<OutboxRecord>(
      `DELETE FROM webhook_outbox WHERE id IN (SELECT id FROM webhook_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, workspace_id, event_type, subject_id, occurred_at, details`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      workspaceId: r.workspace_id,
      eventType: r.event_type,
      subjectId: r.subject_id,
      occurredAt: r.occurred_at,
      details: r.details,
    }));
  }

  /** By invitation id; an invitation that is gone is absent. */
  async invitationFacts(ids: string[], tx: Queryable = this.db): Promise<Map<string, InvitationFacts>> {
    const rows = await tx.query<InvitationFactsRecord>(
      `SELECT i.id, i.campaign_id, sv.survey_id, i.contact_id, c.external_id AS contact_external_id, i.event_id, e.external_id AS event_external_id
       FROM invitations i JOIN survey_versions sv ON sv.id = i.survey_version_id JOIN contacts c ON c.id = i.contact_id
       LEFT JOIN events e ON e.id = i.event_id
       WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          campaignId: r.campaign_id,
          surveyId: r.survey_id,
          contactId: r.contact_id,
          contactExternalId: r.contact_external_id,
          eventId: r.event_id,
          eventExternalId: r.event_external_id,
        },
      ]),
    );
  }

  /** By contact id; a contact that is gone (erased) is absent. */
  async contactFacts(ids: string[], tx: Queryable = this.db): Promise<Map<string, ContactFacts>> {
    const rows = await tx.query<ContactFactsRecord>(`SELECT id, external_id FROM contacts WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return new Map(rows.map((r) => [r.id, { contactExternalId: r.external_id }]));
  }
}
