import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

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
        ids,
        col((i) => i.workspaceId),
        col((i) => i.campaignId),
        col((i) => i.surveyVersionId),
        col((i) => i.contactId),
        col((i) => i.eventId),
        col((i) => i.eventType),
        col((i) => JSON.stringify(i.properties)),
        col((i) => i.channel),
        col(() => newSurveyToken()),
        col((i) => i.sendAt),
        col((i) => i.reason ?? null),
      ],
    );
    return ids;
  }

  /** An admin's cancellation: only while the invitation is still waiting to go out. */
  async cancelByAdmin(
    workspaceId: string,
    id: string,
  ): Promise<{ id: string; status: 'cancelled'; statusReason: string }> {
    const reason = 'cancelled by an admin';
    const [row] = await this.db.query(
      `UPDATE invitations SET status = 'cancelled', status_reason = $3, updated_at = now()
       WHERE workspace_id = $1 AND id = $2 AND status = 'scheduled' RETURNING id`,
      [workspaceId, id, reason],
    );
    if (row) return { id, status: 'cancelled', statusReason: reason };
    const [current] = await this.db.query(`SELECT status FROM invitations WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    if (!current) throw notFound('Invitation');
    throw conflict(`The invitation is ${current.status}; only a scheduled invitation can be cancelled.`, [
      { path: 'status', message: `Already ${current.status}` },
    ]);
  }

  /** An invitation as the admin API shows it: where it stands and why. */
  async view(workspaceId: string, id: string) {
    const [row] = await this.db.query(`SELECT * FROM invitations WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row ? toInvitationView(row) : null;
  }

  async forContact(workspaceId: string, contactId: string, limit = 100) {
    const rows = await this.db.query(
      `SELECT * FROM invitations WHERE workspace_id = $1 AND contact_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
      [workspaceId, contactId, limit],
    );
    return rows.map(toInvitationView);
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toInvitationView(r: Record<string, any>) {
  return {
    id: r.id as string,
    campaignId: r.campaign_id as string,
    contactId: r.contact_id as string,
    eventId: r.event_id as string | null,
    channel: r.channel as string,
    step: r.step as number,
    status: r.status as string,
    reason: r.status_reason as string | null,
    sendAt: iso(r.send_at),
    sentAt: iso(r.sent_at),
    expiresAt: iso(r.expires_at),
    delivery: {
      status: r.delivery_status as string | null,
      errorCode: r.delivery_error_code as number | null,
      callOutcome: r.call_outcome as string | null,
    },
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}
