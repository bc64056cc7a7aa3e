import {
  contactOptedOutPayload,
  invitationFailedPayload,
  invitationSentPayload,
  WebhookPayload,
} from './event-payloads';

/** A row the outbox triggers wrote: what happened to which invitation or contact. */
export interface OutboxRow {
  id: string;
  workspaceId: string;
  eventType: string;
  subjectId: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}

/** The invitation's ids as the relay loads them (null when it is gone). */
export interface InvitationFacts {
  campaignId: string;
  surveyId: string;
  contactId: string;
  contactExternalId: string;
  eventId: string | null;
  eventExternalId: string | null;
}

/** The contact's ids as the relay loads them. */
export interface ContactFacts {
  contactExternalId: string;
}

const CHANNELS = ['email', 'sms', 'voice'] as const;
type Channel = (typeof CHANNELS)[number];
const OPT_OUT_SOURCES = ['sms_keyword', 'email_link', 'voice_keypad', 'api', 'import'] as const;
type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

const asChannel = (value: unknown): Channel => (CHANNELS.includes(value as Channel) ? (value as Channel) : 'email');

/**
 * The webhook body for one outbox row, from the facts the trigger captured at the time (step,
 * channel, reason) and the ids loaded now. Null when the subject no longer exists (deleted or
 * erased in between): there is nothing left to tell. Throws (ZodError) on a bad field.
 */
export function payloadFromOutbox(
  row: OutboxRow,
  invitation: InvitationFacts | undefined,
  contact: ContactFacts | undefined,
): WebhookPayload | null {
  const d = row.details;
  switch (row.eventType) {
    case 'invitation.sent':
    case 'invitation.failed': {
      if (!invitation) return null;
      const base = {
        workspaceId: row.workspaceId,
        invitationId: row.subjectId,
        campaignId: invitation.campaignId,
        surveyId: invitation.surveyId,
        contactId: invitation.contactId,
        contactExternalId: invitation.contactExternalId,
        eventId: invitation.eventId,
        eventExternalId: invitation.eventExternalId,
        channel: asChannel(d.channel),
        step: Number(d.step ?? 0),
      };
      return row.eventType === 'invitation.sent'
        ? invitationSentPayload(row.occurredAt, { ...base, sentAt: row.occurredAt.toISOString() })
        : invitationFailedPayload(row.occurredAt, {
            ...base,
            failedAt: row.occurredAt.toISOString(),
            reason: typeof d.reason === 'string' && d.reason ? d.reason : 'failed',
            errorCode: typeof d.errorCode === 'number' ? d.errorCode : null,
          });
    }
    case 'contact.opted_out': {
      if (!contact) return null;
      const source = OPT_OUT_SOURCES.includes(d.source as OptOutSource) ? (d.source as OptOutSource) : 'api';
      const channels = Array.isArray(d.channels)
        ? d.channels.filter((c): c is Channel => CHANNELS.includes(c as Channel))
        : [];
      return contactOptedOutPayload(row.occurredAt, {
        workspaceId: row.workspaceId,
        contactId: row.subjectId,
        contactExternalId: contact.contactExternalId,
        channels,
        source,
        optedOutAt: row.occurredAt.toISOString(),
      });
    }
    default:
      return null;
  }
}
