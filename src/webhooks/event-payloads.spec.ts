import { ZodError } from 'zod';

import {
  alertCreatedPayload,
  alertUpdatedPayload,
  buildPayload,
  contactOptedOutPayload,
  invitationFailedPayload,
  invitationSentPayload,
  npsCategoryOf,
  PAYLOAD_VERSION,
  responseCompletedPayload,
  scoresFromAnswers,
  serializePayload,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PAYLOAD_SCHEMAS,
  type WebhookEventData,
  type WebhookEventType,
} from './event-payloads';

const AT = new Date('2026-11-02T10:15:30.123Z');
const ISO = '2026-11-02T10:15:30.123Z';
const ids = {
  workspaceId: '0b6f1d7e-1c1a-4f57-9c55-3a1c6b0e9a01',
  invitationId: '1d5e8c7a-2b3c-4d5e-8f90-123456789abc',
  campaignId: '2c4e6a8b-3d5f-4a7b-9c1d-23456789abcd',
  surveyId: '3e5a7c9d-4f6b-4c8d-a0e2-3456789abcde',
  contactId: '4f6b8dae-5a7c-4d9e-b1f3-456789abcdef',
  eventId: '5a7c9ebf-6b8d-4eaf-82a4-56789abcdef0',
  responseId: '6b8dafc0-7c9e-4fb0-93b5-6789abcdef01',
  alertId: '7c9eb0d1-8daf-40c1-a4c6-789abcdef012',
};
const contact = { contactId: ids.contactId, contactExternalId: 'crm-42' };
const invitation = {
  workspaceId: ids.workspaceId,
  invitationId: ids.invitationId,
  campaignId: ids.campaignId,
  surveyId: ids.surveyId,
  ...contact,
  eventId: ids.eventId,
  eventExternalId: 'order-1001',
  channel: 'sms' as const,
  step: 0,
};
const alertBase = {
  workspaceId: ids.workspaceId,
  alertId: ids.alertId,
  campaignId: ids.campaignId,
  responseId: ids.responseId,
  ...contact,
  assignee: 'team-lead@example.com',
  context: { team: 'billing', agent: 'a-17', touchpoint: 'phone' },
};
const answers: WebhookEventData['response.completed']['answers'] = [
  { questionId: 'q1', questionType: 'nps', value: 3 },
  { questionId: 'why', questionType: 'text', value: 'Haluan lopettaa' },
  { questionId: 'easy', questionType: 'ces', value: 2 },
];
const response = {
  workspaceId: ids.workspaceId,
  responseId: ids.responseId,
  invitationId: ids.invitationId,
  campaignId: ids.campaignId,
  surveyId: ids.surveyId,
  surveyVersion: 3,
  ...contact,
  eventExternalId: null,
  channel: 'email' as const,
  completedAt: ISO,
  late: false,
  answers,
};

/** One valid example per type; docs/webhook-payloads.md shows the same shapes. */
const EXAMPLES: { [T in WebhookEventType]: () => ReturnType<typeof buildPayload<T>> } = {
  'invitation.sent': () => invitationSentPayload(AT, { ...invitation, sentAt: ISO }),
  'invitation.failed': () =>
    invitationFailedPayload(AT, { ...invitation, failedAt: ISO, reason: 'unreachable handset', errorCode: 30003 }),
  'response.completed': () => responseCompletedPayload(AT, response),
  'alert.created': () =>
    alertCreatedPayload(AT, {
      ...alertBase,
      status: 'open',
      trigger: { metric: 'nps', score: 3, keywords: ['lopettaa'] },
      comment: 'Haluan lopettaa',
      linkedAlertId: null,
      createdAt: ISO,
    }),
  'alert.updated': () =>
    alertUpdatedPayload(AT, {
      ...alertBase,
      status: 'resolved',
      previousStatus: 'acknowledged',
      resolutionCode: 'called_back',
      acknowledgedAt: '2026-11-02T11:00:00.000Z',
      resolvedAt: '2026-11-02T12:00:00.000Z',
      updatedAt: '2026-11-02T12:00:00.000Z',
    }),
  'contact.opted_out': () =>
    contactOptedOutPayload(AT, {
      workspaceId: ids.workspaceId,
      ...contact,
      channels: ['sms'],
      source: 'sms_keyword',
      optedOutAt: ISO,
    }),
};

describe('envelope', () => {
  it('covers exactly the six event types of the issue', () => {
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual(
      [
        'alert.created',
        'alert.updated',
        'contact.opted_out',
        'invitation.failed',
        'invitation.sent',
        'response.completed',
      ].sort(),
    );
    expect(Object.keys(WEBHOOK_PAYLOAD_SCHEMAS).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it.each(WEBHOOK_EVENT_TYPES)('%s carries type, version, event timestamp and data', (type) => {
    const payload = EXAMPLES[type]();
    expect(Object.keys(payload)).toEqual(['type', 'version', 'timestamp', 'data']);
    expect(payload).toMatchObject({ type, version: PAYLOAD_VERSION, timestamp: ISO });
    expect(payload.data).toMatchObject({
      workspaceId: ids.workspaceId,
      contactId: ids.contactId,
      contactExternalId: 'crm-42',
    });
  });

  it.each(WEBHOOK_EVENT_TYPES)('%s round-trips through JSON and its schema', (type) => {
    const body = serializePayload(EXAMPLES[type]());
    expect(WEBHOOK_PAYLOAD_SCHEMAS[type].parse(JSON.parse(body))).toEqual(JSON.parse(body));
  });

  it.each(WEBHOOK_EVENT_TYPES)('%s never carries contact PII field names', (type) => {
    const body = serializePayload(EXAMPLES[type]());
    expect(body).not.toMatch(/"(email|phone|name|firstName|lastName|to|address)"\s*:/i);
  });

  it('uses a dated version string', () => {
    expect(PAYLOAD_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("refuses one type's data under another type's schema", () => {
    const sent = EXAMPLES['invitation.sent']();
    expect(WEBHOOK_PAYLOAD_SCHEMAS['invitation.failed'].safeParse({ ...sent, type: 'invitation.failed' }).success).toBe(
      false,
    );
    expect(WEBHOOK_PAYLOAD_SCHEMAS['invitation.sent'].safeParse({ ...sent, version: '2020-01-01' }).success).toBe(
      false,
    );
  });
});

describe('builders refuse bad data', () => {
  const build = (data: Record<string, unknown>) => () =>
    buildPayload('invitation.sent', AT, data as WebhookEventData['invitation.sent']);
  it.each<[string, Record<string, unknown>]>([
    ['an extra field (could leak PII)', { ...invitation, sentAt: ISO, email: 'a@example.com' }],
    ['a non-uuid id', { ...invitation, sentAt: ISO, invitationId: '42' }],
    ['a local-offset timestamp', { ...invitation, sentAt: '2026-11-02T12:15:30+02:00' }],
    ['an unknown channel', { ...invitation, sentAt: ISO, channel: 'fax' }],
    ['a negative step', { ...invitation, sentAt: ISO, step: -1 }],
    ['a missing field', { ...invitation }],
    ['an empty external id', { ...invitation, sentAt: ISO, contactExternalId: '' }],
  ])('%s', (_name, data) => {
    expect(build(data)).toThrow(ZodError);
  });

  it.each<[string, () => unknown]>([
    [
      'an NPS score of 11',
      () =>
        responseCompletedPayload(AT, { ...response, answers: [{ questionId: 'q1', questionType: 'nps', value: 11 }] }),
    ],
    [
      'an unknown question type',
      () =>
        responseCompletedPayload(AT, {
          ...response,
          answers: [{ questionId: 'q', questionType: 'stars' as 'nps', value: 1 }],
        }),
    ],
    [
      'an opt-out with no channels',
      () =>
        contactOptedOutPayload(AT, {
          workspaceId: ids.workspaceId,
          ...contact,
          channels: [],
          source: 'api',
          optedOutAt: ISO,
        }),
    ],
    [
      'an alert.created whose status is not open',
      () =>
        alertCreatedPayload(AT, {
          ...alertBase,
          status: 'resolved' as 'open',
          trigger: { metric: 'keyword', score: null, keywords: ['cancel'] },
          comment: null,
          linkedAlertId: null,
          createdAt: ISO,
        }),
    ],
  ])('%s', (_name, make) => {
    expect(make).toThrow(ZodError);
  });
});

describe('response.completed scores', () => {
  it('derives scores from the answers', () => {
    expect(EXAMPLES['response.completed']().data.scores).toEqual({
      nps: { value: 3, category: 'detractor' },
      csat: null,
      ces: { value: 2 },
    });
  });

  it('keeps the answers, free text included, in order', () => {
    expect(EXAMPLES['response.completed']().data.answers).toEqual(answers);
  });

  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ])('NPS %i is a %s', (score, category) => {
    expect(npsCategoryOf(score)).toBe(category);
  });

  it.each<[string, WebhookEventData['response.completed']['answers'], ReturnType<typeof scoresFromAnswers>]>([
    ['no answers', [], { nps: null, csat: null, ces: null }],
    ['only text', [{ questionId: 't', questionType: 'text', value: '9' }], { nps: null, csat: null, ces: null }],
    [
      'two NPS questions (first wins) and a CSAT',
      [
        { questionId: 'a', questionType: 'nps', value: 10 },
        { questionId: 'b', questionType: 'nps', value: 2 },
        { questionId: 'c', questionType: 'csat', value: 4 },
      ],
      { nps: { value: 10, category: 'promoter' }, csat: { value: 4 }, ces: null },
    ],
  ])('%s', (_name, list, expected) => {
    expect(scoresFromAnswers(list)).toEqual(expected);
  });
});
