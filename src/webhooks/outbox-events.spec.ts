import { randomUUID } from 'node:crypto';

import { payloadFromOutbox } from './outbox-events';

const at = new Date('2026-11-02T10:00:00.000Z');
const ws = randomUUID();
const invitation = {
  campaignId: randomUUID(),
  surveyId: randomUUID(),
  contactId: randomUUID(),
  contactExternalId: 'cust-9',
  eventId: randomUUID(),
  eventExternalId: 'crm-9',
};
const row = (eventType: string, details: Record<string, unknown>) => ({
  id: '1',
  workspaceId: ws,
  eventType,
  subjectId: randomUUID(),
  occurredAt: at,
  details,
});

describe('payloadFromOutbox', () => {
  it('builds invitation.sent from the facts captured at the time', () => {
    const r = row('invitation.sent', { step: 1, channel: 'sms', reason: null, errorCode: null });
    expect(payloadFromOutbox(r, invitation, undefined)).toEqual({
      type: 'invitation.sent',
      version: '2026-11-01',
      timestamp: at.toISOString(),
      data: {
        workspaceId: ws,
        invitationId: r.subjectId,
        ...invitation,
        channel: 'sms',
        step: 1,
        sentAt: at.toISOString(),
      },
    });
  });

  it('builds invitation.failed with its reason and provider code', () => {
    const r = row('invitation.failed', {
      step: 0,
      channel: 'sms',
      reason: 'undelivered: Twilio error 30006',
      errorCode: 30006,
    });
    expect(payloadFromOutbox(r, invitation, undefined)?.data).toMatchObject({
      failedAt: at.toISOString(),
      reason: 'undelivered: Twilio error 30006',
      errorCode: 30006,
    });
    expect(
      payloadFromOutbox(row('invitation.failed', { step: 0, channel: 'email' }), invitation, undefined)?.data,
    ).toMatchObject({ reason: 'failed', errorCode: null });
  });

  it('builds contact.opted_out, reading an unknown source as api', () => {
    const r = row('contact.opted_out', { channels: ['sms', 'voice'], source: 'sms_keyword' });
    expect(payloadFromOutbox(r, undefined, { contactExternalId: 'cust-9' })?.data).toEqual({
      workspaceId: ws,
      contactId: r.subjectId,
      contactExternalId: 'cust-9',
      channels: ['sms', 'voice'],
      source: 'sms_keyword',
      optedOutAt: at.toISOString(),
    });
    expect(
      payloadFromOutbox(row('contact.opted_out', { channels: ['email'], source: '???' }), undefined, {
        contactExternalId: 'x',
      })?.data,
    ).toMatchObject({ source: 'api' });
  });

  it('returns null when the subject is gone, and throws when the facts make no valid body', () => {
    expect(payloadFromOutbox(row('invitation.sent', {}), undefined, undefined)).toBeNull();
    expect(payloadFromOutbox(row('contact.opted_out', { channels: ['email'] }), undefined, undefined)).toBeNull();
    expect(payloadFromOutbox(row('something.else', {}), invitation, undefined)).toBeNull();
    expect(() =>
      payloadFromOutbox(row('contact.opted_out', { channels: [] }), undefined, { contactExternalId: 'x' }),
    ).toThrow();
  });
});
