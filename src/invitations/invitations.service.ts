import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Queryable } from '../database/sql';

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
}

/** 144 random bits, URL-safe: a survey link cannot be guessed from another one. */
export function newSurveyToken(): string {
  return randomBytes(18).toString('base64url');
}

@Injectable()
export class InvitationsService {
  /** Inserts the invitations in one statement; returns their ids in input order. */
  async createScheduled(tx: Queryable, invitations: NewInvitation[]): Promise<string[]> {
    if (invitations.length === 0) return [];
    const cols = 10;
    const values: unknown[] = [];
    const tuples = invitations.map((inv, i) => {
      values.push(
        inv.workspaceId, inv.campaignId, inv.surveyVersionId, inv.contactId, inv.eventId,
        inv.eventType, JSON.stringify(inv.properties), inv.channel, newSurveyToken(), inv.sendAt,
      );
      return `(${Array.from({ length: cols }, (_, c) => `$${i * cols + c + 1}`).join(', ')})`;
    });
    const rows = await tx.query(
      `INSERT INTO invitations (workspace_id, campaign_id, survey_version_id, contact_id, event_id, event_type, properties, channel, token, send_at)
       VALUES ${tuples.join(', ')} RETURNING id, campaign_id`,
      values,
    );
    const byCampaign = new Map(rows.map((r) => [r.campaign_id as string, r.id as string]));
    return invitations.map((inv) => byCampaign.get(inv.campaignId)!);
  }
}
