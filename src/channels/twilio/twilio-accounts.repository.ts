import { Injectable } from '@nestjs/common';

import { Sql } from '../../database/sql';

/** A workspace's own Twilio account; the token stays sealed with SECRETS_KEY. */
export interface TwilioAccountRow {
  account_sid: string;
  auth_token_sealed: string;
  sender: string;
  /** numeric, like calls_per_second: pg returns it as a string. */
  sms_per_second: string | null;
  caller_id: string | null;
  /** numeric: pg returns it as a string. */
  calls_per_second: string | null;
}

/** A workspace that uses the environment's account: its row has no account columns. */
export type NoTwilioAccountRow = { [K in keyof TwilioAccountRow]: null };

/** An account to store for a workspace; null limits fall back to the environment's. */
export interface StoredTwilioAccount {
  accountSid: string;
  authTokenSealed: string;
  sender: string;
  smsPerSecond: number | null;
  callerId: string | null;
  callsPerSecond: number | null;
}

/** SQL on the twilio_accounts table. */
@Injectable()
export class TwilioAccountsRepository {
  constructor(private readonly db: Sql) {}

  /** The workspace's account columns (all null when it has none); undefined when there is no such workspace. */
  async forWorkspace(workspaceId: string): Promise<TwilioAccountRow | NoTwilioAccountRow | undefined> {
    const [row] = await this.db.query<TwilioAccountRow | NoTwilioAccountRow>(
      `SELECT t.account_sid, t.auth_token_sealed, t.sender, t.sms_per_second, t.caller_id, t.calls_per_second FROM workspaces w LEFT JOIN twilio_accounts t ON t.workspace_id = w.id WHERE w.id = $1`,
      [workspaceId],
    );
    return row;
  }

  /** When the workspace's own account was last saved; null when it has none. */
  async updatedAt(workspaceId: string): Promise<Date | null> {
    const [row] = await this.db.query<{ updated_at: Date }>(
      `SELECT updated_at FROM twilio_accounts WHERE workspace_id = $1`,
      [workspaceId],
    );
    return row ? row.updated_at : null;
  }

  async upsert(workspaceId: string, account: StoredTwilioAccount): Promise<void> {
    await this.db.query(
      `INSERT INTO twilio_accounts (workspace_id, account_sid, auth_token_sealed, sender, sms_per_second, caller_id, calls_per_second)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id) DO UPDATE SET account_sid = EXCLUDED.account_sid, auth_token_sealed = EXCLUDED.auth_token_sealed,
         sender = EXCLUDED.sender, sms_per_second = EXCLUDED.sms_per_second, caller_id = EXCLUDED.caller_id,
         calls_per_second = EXCLUDED.calls_per_second, updated_at = now()`,
      [
        workspaceId,
        account.accountSid,
        account.authTokenSealed,
        account.sender,
        account.smsPerSecond,
        account.callerId,
        account.callsPerSecond,
      ],
    );
  }

  async delete(workspaceId: string): Promise<void> {
    await this.db.query(`DELETE FROM twilio_accounts WHERE workspace_id = $1`, [workspaceId]);
  }
}
