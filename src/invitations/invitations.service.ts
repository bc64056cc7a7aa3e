import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf, Slice, sliceOf } from '../common/pagination';
import { conflict, notFound } from '../common/problem';
import { Queryable } from '../database/sql';
import { InvitationListQuery, InvitationRow, InvitationsRepository, PendingMatch } from './invitations.repository';

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

/** An invitation as the admin API shows it: where it stands and why. */
export interface InvitationView {
  id: string;
  campaignId: string;
  contactId: string;
  eventId: string | null;
  channel: string;
  step: number;
  status: string;
  reason: string | null;
  sendAt: string | null;
  sentAt: string | null;
  expiresAt: string | null;
  delivery: {
    status: string | null;
    errorCode: number | null;
    callOutcome: string | null;
    /** The provider's id: an email's Message-ID, an SMS or call SID. */
    providerMessageId: string | null;
    /** When an email was handed to the SMTP server (its final dot sent). */
    handedOverAt: string | null;
  };
  createdAt: string;
  updatedAt: string;
}

@Injectable()
export class InvitationsService {
  constructor(private readonly repo: InvitationsRepository) {}

  /** Inserts the invitations in one statement; returns their ids in input order (ids are made here). */
  async createScheduled(invitations: NewInvitation[], tx: Queryable): Promise<string[]> {
    if (invitations.length === 0) return [];
    const ids = invitations.map(() => randomUUID());
    await this.repo.insertScheduled(
      invitations.map((inv, i) => ({
        id: ids[i],
        workspaceId: inv.workspaceId,
        campaignId: inv.campaignId,
        surveyVersionId: inv.surveyVersionId,
        contactId: inv.contactId,
        eventId: inv.eventId,
        eventType: inv.eventType,
        properties: inv.properties,
        channel: inv.channel,
        token: newSurveyToken(),
        sendAt: inv.sendAt,
        reason: inv.reason ?? null,
      })),
      tx,
    );
    return ids;
  }

  /**
   * Cancels a contact's pending (scheduled) invitations of a campaign, all of them or those whose
   * event carried the property value (an event's `cancelOn`); returns the ids cancelled.
   */
  cancelPendingFor(contactId: string, match: PendingMatch, tx?: Queryable): Promise<string[]> {
    return this.repo.cancelPendingFor(contactId, match, tx);
  }

  /** An admin's cancellation: only while the invitation is still waiting to go out. */
  async cancelByAdmin(
    workspaceId: string,
    id: string,
  ): Promise<{ id: string; status: 'cancelled'; statusReason: string }> {
    const reason = 'cancelled by an admin';
    if (await this.repo.cancelScheduled(workspaceId, id, reason))
      return { id, status: 'cancelled', statusReason: reason };
    const status = await this.repo.statusOf(workspaceId, id);
    if (!status) throw notFound('Invitation');
    throw conflict(`The invitation is ${status}; only a scheduled invitation can be cancelled.`, [
      { path: 'status', message: `Already ${status}` },
    ]);
  }

  /** An invitation as the admin API shows it: where it stands and why. */
  async view(workspaceId: string, id: string): Promise<InvitationView | null> {
    const row = await this.repo.find(workspaceId, id);
    return row ? toInvitationView(row) : null;
  }

  /** Newest first, a page at a time, each as `GET /v1/invitations/{id}` shows it. */
  async list(q: InvitationListQuery): Promise<Page<InvitationView>> {
    return pageOf(await this.repo.list(q), q.limit, positionOf, toInvitationView);
  }

  /** A contact's invitations, newest first, a slice at a time (the decision log pages them beside the events). */
  async forContact(
    workspaceId: string,
    contactId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<Slice<InvitationView, [string, string]>> {
    const rows = await this.repo.forContact(workspaceId, contactId, after, limit);
    return sliceOf(rows, limit, positionOf, toInvitationView);
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toInvitationView(r: InvitationRow): InvitationView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    contactId: r.contact_id,
    eventId: r.event_id,
    channel: r.channel,
    step: r.step,
    status: r.status,
    reason: r.status_reason,
    sendAt: iso(r.send_at),
    sentAt: iso(r.sent_at),
    expiresAt: iso(r.expires_at),
    delivery: {
      status: r.delivery_status,
      errorCode: r.delivery_error_code,
      callOutcome: r.call_outcome,
      providerMessageId: r.provider_message_id,
      handedOverAt: iso(r.handed_over_at),
    },
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
