import type { Logger } from 'pino';

import { AppConfig } from '../../config/config';
import { SimulatedMessage, TwilioSimulator } from '../twilio/simulator/twilio-simulator';
import type { SimulatedCall } from '../twilio/simulator/voice-call-runner';
import { callTranscriptText } from './call-transcript';
import { DevOutboxRepository } from './dev-outbox.repository';

/** Nest token for the built-in Twilio simulator; null when real Twilio (or an external simulator) is configured. */
export const DEV_TWILIO_SIMULATOR = Symbol('DEV_TWILIO_SIMULATOR');

/**
 * With no Twilio credentials, the service answers Twilio's API itself at /dev/twilio: the SDK sends
 * there, and every text (ours, the customer's, our TwiML replies) and every call's transcript is
 * mirrored into the dev outbox, where a newcomer can read it and reply as the customer.
 */
export function createDevTwilioSimulator(
  config: AppConfig,
  outbox: DevOutboxRepository,
  log: Logger,
): TwilioSimulator | null {
  if (!config.twilio.builtInSimulator) return null;
  return new TwilioSimulator({
    accountSid: config.twilio.accountSid,
    authToken: config.twilio.authToken,
    callbackDelayMs: 20,
    // Recordings made on simulated calls are served below the mounted API, like Twilio's.
    publicUrl: `${config.publicBaseUrl}/dev/twilio`,
    onMessage: (m) =>
      void mirror(outbox, m).catch((err: Error) =>
        log.warn({ err: err.message }, 'could not mirror a simulated SMS into the dev outbox'),
      ),
    onCall: (c) =>
      void mirrorCall(outbox, c).catch((err: Error) =>
        log.warn({ err: err.message }, 'could not mirror a simulated call into the dev outbox'),
      ),
  });
}

async function mirror(outbox: DevOutboxRepository, m: SimulatedMessage): Promise<void> {
  const invitation = m.statusCallback ? new URL(m.statusCallback).searchParams.get('invitation') : null;
  await outbox.insertSms({
    invitationId: invitation,
    messageSid: m.sid,
    to: m.to,
    text: m.body,
    headers: { from: m.from, direction: m.direction, segments: m.numSegments },
  });
}

/** A finished call: its transcript, tied to the invitation whose token is in the call's TwiML URL. */
async function mirrorCall(outbox: DevOutboxRepository, c: SimulatedCall): Promise<void> {
  const token = c.url ? /\/voice\/([A-Za-z0-9_-]+)/.exec(c.url)?.[1] : undefined;
  const end = c.transcript.at(-1);
  await outbox.insertCall({
    invitationToken: token ?? null,
    callSid: c.sid,
    to: c.to,
    subject: `Call ${end?.kind === 'end' ? end.status : c.status}${c.answeredBy ? ` (${c.answeredBy})` : ''}`,
    transcript: callTranscriptText(c.transcript),
    headers: { from: c.from, answeredBy: c.answeredBy, duration: c.duration },
  });
}
