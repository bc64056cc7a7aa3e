import type { Logger } from 'pino';
import { AppConfig } from '../../config/config';
import { Queryable } from '../../database/sql';
import { SimulatedMessage, TwilioSimulator } from '../twilio/simulator/twilio-simulator';

/** Nest token for the built-in Twilio simulator; null when real Twilio (or an external simulator) is configured. */
export const DEV_TWILIO_SIMULATOR = Symbol('DEV_TWILIO_SIMULATOR');

/**
 * With no Twilio credentials, the service answers Twilio's API itself at /dev/twilio: the SDK sends
 * there, and every text (ours, the customer's, our TwiML replies) is mirrored into the dev outbox,
 * where a newcomer can read it and reply as the customer.
 */
export function createDevTwilioSimulator(config: AppConfig, db: Queryable, log: Logger): TwilioSimulator | null {
  if (!config.twilio.builtInSimulator) return null;
  return new TwilioSimulator({
    accountSid: config.twilio.accountSid,
    authToken: config.twilio.authToken,
    callbackDelayMs: 20,
    onMessage: (m) => void mirror(db, m).catch((err: Error) => log.warn({ err: err.message }, 'could not mirror a simulated SMS into the dev outbox')),
  });
}

async function mirror(db: Queryable, m: SimulatedMessage): Promise<void> {
  const invitation = m.statusCallback ? new URL(m.statusCallback).searchParams.get('invitation') : null;
  await db.query(
    `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, text, headers) VALUES ($1, $2, 'sms', $3, $4, $5)
     ON CONFLICT (message_id) DO NOTHING`,
    [invitation, m.sid, m.to, m.body, JSON.stringify({ from: m.from, direction: m.direction, segments: m.numSegments })],
  );
}
