/**
 * Twilio's call states in the order they can happen; callbacks can arrive late or twice, so a
 * state only replaces one of lower rank (a replayed `ringing` after `completed` changes nothing).
 */
export const CALL_STATUS_RANK: Readonly<Record<string, number>> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  completed: 4,
  busy: 4,
  'no-answer': 4,
  failed: 4,
  canceled: 4,
};

/** How a survey call ended, ready for the policy's retry and fallback rules. */
export type CallOutcome = 'answered' | 'machine' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface CallEnd {
  outcome: CallOutcome;
  reason: string;
  /** The number cannot be called (the invitation fails); busy and no answer may be tried again later. */
  permanent: boolean;
}

/** Twilio's AnsweredBy values for a machine (or fax) rather than a person. */
export function isMachine(answeredBy: string | undefined): boolean {
  return !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}

/** The outcome a final call status means; null while the call is still going. */
export function callEnd(status: string, answeredBy?: string, errorCode?: number, sipCode?: number): CallEnd | null {
  const detail = [errorCode ? `Twilio error ${errorCode}` : '', sipCode ? `SIP ${sipCode}` : '']
    .filter(Boolean)
    .join(', ');
  const withDetail = (text: string) => (detail ? `${text} (${detail})` : text);
  switch (status) {
    case 'completed':
      return isMachine(answeredBy)
        ? { outcome: 'machine', reason: `answering machine (${answeredBy})`, permanent: false }
        : { outcome: 'answered', reason: 'call answered', permanent: false };
    case 'busy':
      return { outcome: 'busy', reason: withDetail('line busy'), permanent: false };
    case 'no-answer':
      return { outcome: 'no-answer', reason: withDetail('no answer'), permanent: false };
    case 'failed':
      return { outcome: 'failed', reason: withDetail('call failed'), permanent: true };
    case 'canceled':
      return { outcome: 'canceled', reason: 'call canceled', permanent: false };
    default:
      return null;
  }
}
