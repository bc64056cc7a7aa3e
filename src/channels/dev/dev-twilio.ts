import type { Logger } from 'pino';

import { AppConfig } from '../../config/config';
import { Queryable } from '../../database/sql';
import { SimulatedMessage, TwilioSimulator } from '../twilio/simulator/twilio-simulator';
import type { SimulatedCall } from '../twilio/simulator/voice-call-runner';
import { callTranscriptText } from './call-transcript';

/** Nest token for the built-in Twilio simulator; null when real Twilio (or an external simulator) is configured. */
export const DEV_TWILIO_SIMULATOR = Symbol('DEV_TWILIO_SIMULATOR');

/**
 * With no Twilio credentials, the service answers Twilio's API itself at /dev/twilio: the SDK sends
 * there, and every text (ours, the customer's, our TwiML replies) and every call's transcript is
 * mirrored into the dev outbox, where a newcomer can read it and reply as the customer.
 */
export function createDevTwilioSimulator(config: AppConfig, db: Queryable, log: Logger): TwilioSimulator | null {
  if (!config.twilio.builtInSimulator) return null;
  return new TwilioSimulator({
    accountSid: config.twilio.accountSid,
    authToken: config.twilio.authToken,
    callbackDelayMs: 20,
    // Recordings made on simulated calls are served below the mounted API, like Twilio's.
    publicUrl: `${config.publicBaseUrl}/dev/twilio`,
    onMessage: (m) =>
      void mirror(db, m).catch((err: Error) =>
        log.warn({ err: err.message }, 'could not mirror a simulated SMS into the dev outbox'),
      ),
    onCall: (c) =>
      void mirrorCall(db, c).catch((err: Error) =>
        log.warn({ err: err.message }, 'could not mirror a simulated call into the dev outbox'),
      ),
  });
}

async function mirror(db: Queryable, m: SimulatedMessage): Promise<void> {
  const invitation = m.statusCallback ? new URL(m.statusCallback).searchParams.get('invitation') : null;
  await db.query(
    `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, text, headers) VALUES ($1, $2, 'sms', $3, $4, $5)
     ON CONFLICT (message_id) DO NOTHING`,
    [
      invitation,
      m.sid,
      m.to,
      m.body,
      JSON.stringify({ from: m.from, direction: m.direction, segments: m.numSegments }),
    ],
  );
}

/** A finished call: its transcript, tied to the invitation whose token is in the call's TwiML URL. */
async function mirrorCall(db: Queryable, c: SimulatedCall): Promise<void> {
  const token = c.url ? /\/voice\/([A-Za-z0-9_-]+)/.exec(c.url)?.[1] : undefined;
  const end = c.transcript.at(-1);
  await db.query(
    `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, subject, text, headers)
     VALUES ((SELECT id FROM invitations WHERE token = $1), $2, 'voice', $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING`,
    [
      token ?? null,
      c.sid,
      c.to,
      `Call ${end?.kind === 'end' ? end.status : c.status}${c.answeredBy ? ` (${c.answeredBy})` : ''}`,
      callTranscriptText(c.transcript),
      JSON.stringify({ from: c.from, answeredBy: c.answeredBy, duration: c.duration }),
    ],
  );
}
