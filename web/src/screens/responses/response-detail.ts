/** Pure helpers of the response page: the question in the reader's language and the delivery as a timeline. */
import type { Delivery, LocalizedText } from '../../api/responses';

/** The text in the first of `locales` it has, then in any language it has; '' when it has none. */
export function pickText(text: LocalizedText | null | undefined, locales: Array<string | null | undefined>): string {
  if (!text) return '';
  for (const l of locales) {
    if (!l) continue;
    if (text[l]) return text[l];
    // A region (fi-FI) falls back to its language, as the survey pages do.
    const lang = l.split('-')[0] ?? l;
    if (text[lang]) return text[lang];
  }
  return Object.values(text).find(Boolean) ?? '';
}

export type TimelineStep =
  'created' | 'scheduled' | 'sent' | 'handedOver' | 'status' | 'answered' | 'expires' | 'expired';

export interface TimelineEntry {
  step: TimelineStep;
  at: string;
  /** Set for `status`: what the provider last said (delivered, undelivered, completed…). */
  status?: string;
}

/**
 * The invitation's way to the customer as far as its row tells it, oldest first: created, scheduled
 * (when it waited), sent, handed to the mail server, the provider's last status, answered, and when
 * it expires (or expired, as of `asOf`). Each reminder or fallback replaces the row's times, so the times are its latest step's.
 */
export function deliveryTimeline(d: Delivery, answeredAt: string | null, asOf: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ step: 'created', at: d.createdAt }];
  const add = (step: TimelineStep, at: string | null, extra: Partial<TimelineEntry> = {}) => {
    if (at) entries.push({ step, at, ...extra });
  };
  // A send planned for later (quiet hours, a delay) is worth showing; one planned for "now" is not.
  if (d.scheduledFor && Date.parse(d.scheduledFor) - Date.parse(d.createdAt) > 60_000) add('scheduled', d.scheduledFor);
  add('sent', d.sentAt);
  add('handedOver', d.handedOverAt);
  if (d.deliveryStatus) add('status', d.deliveryUpdatedAt ?? d.sentAt, { status: d.deliveryStatus });
  add('answered', answeredAt);
  if (d.expiresAt) add(Date.parse(d.expiresAt) <= asOf ? 'expired' : 'expires', d.expiresAt);
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i)
    .map((x) => x.e);
}

/** A journey property's value as text: strings as written, everything else as JSON. */
export function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
