import { Inject, Injectable } from '@nestjs/common';

import { conflict, notFound } from '../../common/problem';
import { maskSecret, openSecret, sealSecret } from '../../common/secret-box';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { TwilioAccountsRepository } from './twilio-accounts.repository';

/** The Twilio account a workspace sends and verifies with: its own, or the environment's. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  /** An E.164 number or a Messaging Service SID (MG…). */
  sender: string;
  apiBaseUrl?: string;
  smsPerSecond: number;
  /** The E.164 number calls come from; null when none is configured (voice campaigns then fail with a clear reason). */
  callerId: string | null;
  callsPerSecond: number;
  source: 'workspace' | 'environment';
}

export interface TwilioSettingsInput {
  accountSid: string;
  authToken: string;
  sender: string;
  smsPerSecond?: number;
  callerId?: string;
  callsPerSecond?: number;
}

/** What the admin API shows: never the token itself. */
export interface TwilioSettingsView {
  source: 'workspace' | 'environment';
  accountSid: string;
  authToken: string;
  sender: string;
  smsPerSecond: number;
  callerId: string | null;
  callsPerSecond: number;
  updatedAt: string | null;
}

const CACHE_MS = 5000;

/**
 * Per-workspace Twilio credentials, sealed with SECRETS_KEY. Reads are cached briefly: every
 * inbound webhook needs the token to check its signature, and the token changes rarely.
 */
@Injectable()
export class TwilioAccountsService {
  private readonly cache = new Map<string, { account: Promise<TwilioAccount | null>; until: number }>();

  constructor(
    private readonly accounts: TwilioAccountsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get defaultAccount(): TwilioAccount {
    const t = this.config.twilio;
    return {
      accountSid: t.accountSid,
      authToken: t.authToken,
      sender: t.sender,
      smsPerSecond: this.config.smsPerSecond,
      source: 'environment',
      callerId: t.callerId,
      callsPerSecond: this.config.callsPerSecond,
      apiBaseUrl: t.apiBaseUrl ?? (t.builtInSimulator ? `${this.config.publicBaseUrl}/dev/twilio` : undefined),
    };
  }

  /** The workspace's account (its own or the environment's); null when there is no such workspace. */
  forWorkspace(workspaceId: string): Promise<TwilioAccount | null> {
    const hit = this.cache.get(workspaceId);
    if (hit && hit.until > Date.now()) return hit.account;
    // Requests arriving while the lookup runs share it rather than each querying on expiry.
    const account = this.load(workspaceId);
    this.cache.set(workspaceId, { account, until: Date.now() + CACHE_MS });
    account.catch(() => this.cache.delete(workspaceId));
    return account;
  }

  private async load(workspaceId: string): Promise<TwilioAccount | null> {
    const row = await this.accounts.forWorkspace(workspaceId);
    if (!row) return null;
    if (!row.account_sid) return this.defaultAccount;
    return {
      accountSid: row.account_sid,
      authToken: openSecret(row.auth_token_sealed, this.requireKey()),
      sender: row.sender,
      smsPerSecond: row.sms_per_second !== null ? Number(row.sms_per_second) : this.config.smsPerSecond,
      callerId: row.caller_id ?? (row.sender.startsWith('+') ? row.sender : null),
      callsPerSecond: row.calls_per_second !== null ? Number(row.calls_per_second) : this.config.callsPerSecond,
      // A workspace account talks to the same API endpoint (Twilio, or the configured simulator).
      apiBaseUrl: this.defaultAccount.apiBaseUrl,
      source: 'workspace',
    };
  }

  async view(workspaceId: string): Promise<TwilioSettingsView> {
    const updatedAt = await this.accounts.updatedAt(workspaceId);
    const account = await this.forWorkspace(workspaceId);
    if (!account) throw notFound('Workspace');
    return {
      source: account.source,
      accountSid: account.accountSid,
      authToken: maskSecret(account.authToken),
      sender: account.sender,
      smsPerSecond: account.smsPerSecond,
      callerId: account.callerId,
      callsPerSecond: account.callsPerSecond,
      updatedAt: updatedAt ? new Date(updatedAt).toISOString() : null,
    };
  }

  async save(workspaceId: string, input: TwilioSettingsInput): Promise<TwilioSettingsView> {
    const sealed = sealSecret(input.authToken, this.requireKey());
    await this.accounts.upsert(workspaceId, {
      accountSid: input.accountSid,
      authTokenSealed: sealed,
      sender: input.sender,
      smsPerSecond: input.smsPerSecond ?? null,
      callerId: input.callerId ?? null,
      callsPerSecond: input.callsPerSecond ?? null,
    });
    this.cache.delete(workspaceId);
    return this.view(workspaceId);
  }

  /** Back to the environment's account. */
  async remove(workspaceId: string): Promise<TwilioSettingsView> {
    await this.accounts.delete(workspaceId);
    this.cache.delete(workspaceId);
    return this.view(workspaceId);
  }

  private requireKey(): Buffer {
    if (!this.config.secretsKey) {
      throw conflict(
        'Storing Twilio credentials needs SECRETS_KEY (32 bytes, hex or base64) in the environment, so tokens are encrypted at rest.',
      );
    }
    return this.config.secretsKey;
  }
}
