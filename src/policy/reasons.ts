import { DateTime } from 'luxon';

import type { Channel } from './channel';
import { describeFatigue, type FatigueConflict } from './fatigue';

/**
 * Every decision a person may read, as data: `kind` is what a dry run counts by, formatReason
 * is the one place that turns it into words.
 */
export type DecisionReason =
  | {
      kind: 'scheduled';
      sendAt: Date;
      zone: string;
      because?: 'quiet hours' | 'public holiday' | 'spread' | 'hourly cap' | 'daily cap';
    }
  | { kind: 'sampled-out'; percent: number }
  | { kind: 'fatigue'; conflict: FatigueConflict }
  | { kind: 'duplicate'; property: string }
  | { kind: 'channel-skipped'; channel: Channel; because: 'opted out' | 'no address'; using: Channel }
  | { kind: 'unreachable'; why: string[] }
  | { kind: 'fell-back'; to: Channel; code?: string | number; cause: string }
  | { kind: 'cancelled'; by: string }
  | { kind: 'throttled'; action: 'deferred' | 'dropped'; cap: 'hourly' | 'daily'; limit: number };

/** 2000 → "2,000": fixed, so reasons read the same whatever locale the server runs in. */
export function formatCount(n: number): string {
  const [whole, fraction] = String(n).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}

/** "2026-03-02 09:00 Europe/Helsinki": the recipient's wall clock, which is what "quiet hours" is about. */
export function formatLocalTime(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}

const address: Record<Channel, string> = { email: 'email address', sms: 'phone number', voice: 'phone number' };

export function formatReason(r: DecisionReason): string {
  switch (r.kind) {
    case 'scheduled':
      return `scheduled for ${formatLocalTime(r.sendAt, r.zone)}${r.because ? ` (${r.because})` : ''}`;
    case 'sampled-out':
      return `skipped: sampled out (${formatCount(r.percent)}%)`;
    case 'fatigue':
      return `skipped: ${describeFatigue(r.conflict)}`;
    case 'duplicate':
      return `skipped: already surveyed for this ${r.property}`;
    case 'channel-skipped':
      return r.because === 'opted out'
        ? `${r.channel} opted out, using ${r.using}`
        : `no ${address[r.channel]} for ${r.channel}, using ${r.using}`;
    case 'unreachable':
      return `skipped: no reachable channel (${r.why.join('; ')})`;
    case 'fell-back':
      return `fell back to ${r.to}: ${r.code === undefined ? '' : `${r.code} `}${r.cause}`;
    case 'cancelled':
      return `cancelled by ${r.by}`;
    case 'throttled':
      return `${r.action}: ${r.cap} cap of ${formatCount(r.limit)} reached`;
  }
}
