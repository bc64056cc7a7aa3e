import { describe, expect, it } from 'vitest';

import type { Delivery } from '../../api/responses';
import { deliveryTimeline, pickText, propertyText } from './response-detail';

describe('pickText', () => {
  const text = { en: 'How likely are you to recommend us?', fi: 'Kuinka todennäköisesti suosittelisit meitä?' };

  it('takes the first language the text has, a region falling back to its language', () => {
    expect(pickText(text, ['sv', 'fi-FI', 'en'])).toBe(text.fi);
    expect(pickText(text, [null, 'en'])).toBe(text.en);
  });

  it('shows some language rather than nothing, and nothing for no text', () => {
    expect(pickText({ nb: 'Hei' }, ['en'])).toBe('Hei');
    expect(pickText(null, ['en'])).toBe('');
  });
});

const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  invitationId: 'i1',
  status: 'sent',
  reason: null,
  channel: 'sms',
  step: 0,
  attempts: 1,
  remindersSent: 0,
  scheduledFor: '2026-03-01T10:00:00.000Z',
  sentAt: '2026-03-01T10:00:02.000Z',
  handedOverAt: null,
  expiresAt: '2026-03-08T10:00:02.000Z',
  deliveryStatus: 'delivered',
  deliveryErrorCode: null,
  deliveryUpdatedAt: '2026-03-01T10:00:05.000Z',
  callOutcome: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:05.000Z',
  ...over,
});

describe('deliveryTimeline', () => {
  it('lists what happened in time order, with the provider’s last status', () => {
    expect(deliveryTimeline(delivery(), '2026-03-01T11:00:00.000Z', Date.parse('2026-03-02T00:00:00Z'))).toEqual([
      { step: 'created', at: '2026-03-01T10:00:00.000Z' },
      { step: 'sent', at: '2026-03-01T10:00:02.000Z' },
      { step: 'status', at: '2026-03-01T10:00:05.000Z', status: 'delivered' },
      { step: 'answered', at: '2026-03-01T11:00:00.000Z' },
      { step: 'expires', at: '2026-03-08T10:00:02.000Z' },
    ]);
  });

  it('shows a send that waited (quiet hours) and an email’s hand-over, and leaves out what did not happen', () => {
    const steps = deliveryTimeline(
      delivery({
        channel: 'email',
        scheduledFor: '2026-03-01T16:00:00.000Z',
        sentAt: '2026-03-01T16:00:01.000Z',
        handedOverAt: '2026-03-01T16:00:01.500Z',
        deliveryStatus: null,
        deliveryUpdatedAt: null,
        expiresAt: null,
      }),
      null,
      Date.parse('2026-03-02T00:00:00Z'),
    );
    expect(steps.map((s) => s.step)).toEqual(['created', 'scheduled', 'sent', 'handedOver']);
  });

  it('says an expiry is past once it is', () => {
    const late = deliveryTimeline(delivery(), null, Date.parse('2026-03-09T00:00:00Z'));
    expect(late.at(-1)).toEqual({ step: 'expired', at: '2026-03-08T10:00:02.000Z' });
  });
});

describe('propertyText', () => {
  it('writes strings as they are and other values as JSON', () => {
    expect([
      propertyText('Support'),
      propertyText(3),
      propertyText(true),
      propertyText({ a: 1 }),
      propertyText(null),
    ]).toEqual(['Support', '3', 'true', '{"a":1}', '–']);
  });
});
