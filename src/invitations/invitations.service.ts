import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { conflict, notFound } from '../common/problem';
import { Queryable, Sql } from '../database/sql';

/** An invitation to create now and send at `sendAt`. */
export interface NewInvitation {
  workspaceId: string;
  campaignId: string;
  surveyVersionId: string;
  contactId: string;
  eventId: string;
  eventType: string;
  properties: Record<string, unknown>;
  channel: string;
  sendAt: Date;
  /** Why it goes out when it does ("scheduled for … (quiet hours)"), kept on the invitation. */
  reason?: string;
}

/** 144 random bits, URL-safe: a survey link cannot be guessed from another one. */
export function newSurveyToken(): string {
  return randomBytes(18).toString('base64url');
}

@Injectable()
export class InvitationsService {
  constructor(private readonly db: Sql) {}

  /** Inserts the invitations in one statement; returns their ids in input order (ids are made here). */
  async createScheduled(tx: Queryable, invitations: NewInvitation[]): Promise<string[]> {
    if (invitations.length === 0) return [];
    const ids = invitations.map(() => randomUUID());
    const col = <T>(f: (inv: NewInvitation) => T) => invitations.map(f);
    await tx.query(
      `INSERT INTO invitations (id, workspace_id, campaign_id, survey_version_id, contact_id, event_id, event_type, properties, channel, token, send_at, status_reason)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::jsonb[], $9::text[], $10::text[], $11::timestamptz[], $12::text[])`,
      [
        ids, col((i) => i.workspaceId), col((i) => i.campaignId), col((i) => i.surveyVersionId), col((i) => i.contactId),
        col((i) => i.eventId), col((i) => i.eventType), col((i) => JSON.stringify(i.properties)), col((i) => i.channel),
        col(() => newSurveyToken()), col((i) => i.sendAt), col((i) => i.reason ?? null),
      ],
    );
    return ids;
  }

  /** An admin's cancellation: only while the invitation is still waiting to go out. */
  async cancelByAdmin(workspaceId: string, id: string): Promise<{ id: string; status: 'cancelled'; statusReason: string }> {
    const reason = 'cancelled by an admin';
    const [row] = await this.db.query(
      `UPDATE invitations SET status = 'cancelled', status_reason = $3, updated_at = now()
       WHERE workspace_id = $1 AND id = $2 AND status = 'scheduled' RETURNING id`,
      [workspaceId, id, reason],
    );
    if (row) return { id, status: 'cancelled', statusReason: reason };
    const [current] = await this.db.query(`SELECT status FROM invitations WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    if (!current) throw notFound('Invitation');
    throw conflict(`The invitation is ${current.status}; only a scheduled invitation can be cancelled.`, [{ path: 'status', message: `Already ${current.status}` }]);
  }
}
