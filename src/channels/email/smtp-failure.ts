import { PermanentSendError, ProviderUnavailableError, UncertainDeliveryError } from '../channel-adapter';
import type { SmtpPhase } from './smtp-pool';

/** What went wrong with one SMTP send, as the pool reports it. */
export interface SmtpFailure {
  phase: SmtpPhase;
  /** The server's reply code, when it answered. */
  responseCode?: number;
  message: string;
}

/**
 * What a failed SMTP send means for the message:
 * - the server answered the message itself: 5xx is final (PermanentSendError), 4xx is retried;
 * - the server could not be reached or would not serve us (refused, cut, silent, 421, a
 *   refusal while connecting or logging in) and the final dot was never sent: the message is
 *   fine and the server is not (ProviderUnavailableError: wait, without spending an attempt);
 * - the final dot was sent and no reply came: the server may hold it (UncertainDeliveryError).
 */
export function classifySmtpFailure(failure: SmtpFailure, retryAfterMs: number): Error {
  const { phase, responseCode: code, message } = failure;
  if (!code) {
    if (phase === 'handed-over') return new UncertainDeliveryError(`no reply to the final dot: ${message}`);
    return new ProviderUnavailableError(`SMTP server unavailable: ${message}`, retryAfterMs);
  }
  if (phase === 'connect' || code === 421)
    return new ProviderUnavailableError(`SMTP ${code}: ${message}`, retryAfterMs);
  if (code >= 500 && code < 600) return new PermanentSendError(`SMTP ${code}: ${message}`);
  return new Error(`SMTP ${code}: ${message}`);
}
