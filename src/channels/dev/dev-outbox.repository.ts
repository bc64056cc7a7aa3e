import { Injectable } from '@nestjs/common';

import { Sql } from '../../database/sql';
import { OutboundEmail } from '../channel-adapter';

/** The headers column: an email's headers, or for an SMS or a call who sent it and how. */
export interface DevOutboxHeaders {
  from?: string;
  direction?: string;
  [header: string]: unknown;
}

/** A dev_outbox row, every column. */
export interface DevOutboxRow {
  /** bigserial: pg returns it as a string. */
  id: string;
  invitation_id: string | null;
  message_id: string;
  channel: 'email' | 'sms' | 'voice';
  to_address: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: DevOutboxHeaders;
  created_at: Date;
}

/** A line of the outbox page. */
export type DevOutboxListRow = Pick<DevOutboxRow, 'id' | 'channel' | 'to_address' | 'subject' | 'text' | 'created_at'>;

/** A message as messages.json lists it (no HTML). */
export type DevOutboxMessageRow = Omit<DevOutboxRow, 'html'>;

/** A text of an SMS thread. */
export type DevOutboxSmsRow = Pick<DevOutboxRow, 'text' | 'headers'>;

/** A text the simulator saw: ours, the customer's, or our TwiML reply. */
export interface DevOutboxSms {
  invitationId: string | null;
  messageSid: string;
  to: string;
  text: string;
  headers: { from: string; direction: string; segments: number };
}

/** A finished simulated call and its transcript. */
export interface DevOutboxCall {
  /** The token in the call's TwiML URL; ties the call to its invitation. */
  invitationToken: string | null;
  callSid: string;
  to: string;
  subject: string;
  transcript: string;
  headers: { from: string; answeredBy: string | null; duration: number | null };
}

/** Where the customer's reply to a survey SMS goes: the workspace and the number it came from. */
export interface SurveySmsSenderRow {
  workspace_id: string;
  sender: string;
}

/**
 * SQL on the dev_outbox table. Each message is keyed by its Message-ID or Twilio SID, so storing
 * one again after a crash keeps the first copy.
 */
@Injectable()
export class DevOutboxRepository {
  constructor(private readonly db: Sql) {}

  async insertEmail(message: OutboundEmail): Promise<void> {
    await this.db.query(
      `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, subject, html, text, headers)
       VALUES ($1, $2, 'email', $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING`,
      [
        message.invitationId,
        message.messageId,
        message.to,
        message.subject,
        message.html,
        message.text,
        JSON.stringify(message.headers),
      ],
    );
  }

  async insertSms(sms: DevOutboxSms): Promise<void> {
    await this.db.query(
      `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, text, headers) VALUES ($1, $2, 'sms', $3, $4, $5)
     ON CONFLICT (message_id) DO NOTHING`,
      [sms.invitationId, sms.messageSid, sms.to, sms.text, JSON.stringify(sms.headers)],
    );
  }

  /** Reads invitations (a higher layer) to turn the call's token into its invitation id. */
  async insertCall(call: DevOutboxCall): Promise<void> {
    await this.db.query(
      `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, subject, text, headers)
     VALUES ((SELECT id FROM invitations WHERE token = $1), $2, 'voice', $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING`,
      [call.invitationToken, call.callSid, call.to, call.subject, call.transcript, JSON.stringify(call.headers)],
    );
  }

  /** The newest 200 messages. */
  listRecent(): Promise<DevOutboxListRow[]> {
    return this.db.query<DevOutboxListRow>(
      `SELECT id, channel, to_address, subject, text, created_at FROM dev_outbox ORDER BY id DESC LIMIT 200`,
    );
  }

  /** The newest 200 messages, without their HTML. */
  listRecentMessages(): Promise<DevOutboxMessageRow[]> {
    return this.db.query<DevOutboxMessageRow>(
      `SELECT id, invitation_id, message_id, channel, to_address, subject, text, headers, created_at FROM dev_outbox ORDER BY id DESC LIMIT 200`,
    );
  }

  async findById(id: number): Promise<DevOutboxRow | undefined> {
    const [row] = await this.db.query<DevOutboxRow>(`SELECT * FROM dev_outbox WHERE id = $1`, [id]);
    return row;
  }

  /** Every SMS to or from the customer's number, oldest first. */
  smsThread(customer: string): Promise<DevOutboxSmsRow[]> {
    return this.db.query<DevOutboxSmsRow>(
      `SELECT text, headers FROM dev_outbox WHERE channel = 'sms' AND (to_address = $1 OR headers->>'from' = $1) ORDER BY id`,
      [customer],
    );
  }

  /** The latest survey SMS to the number, read with its invitation (a higher layer, read-only). */
  async latestSurveySmsTo(phone: string): Promise<SurveySmsSenderRow | undefined> {
    const [row] = await this.db.query<SurveySmsSenderRow>(
      `SELECT i.workspace_id, i.sender FROM dev_outbox o JOIN invitations i ON i.id = o.invitation_id
       WHERE o.channel = 'sms' AND o.invitation_id IS NOT NULL AND (o.to_address = $1) ORDER BY o.id DESC LIMIT 1`,
      [phone],
    );
    return row;
  }
}
