import twilio from 'twilio';

import type { TwilioAccount } from './twilio-accounts.service';

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * One SDK client per account and endpoint, kept for the life of the process: building a client
 * per message would redo its setup and lose the keep-alive connection to the API.
 */
export class TwilioClients {
  private readonly clients = new Map<string, TwilioClient>();

  /** `timeoutMs`: how long one API request may take before the SDK gives up on it (TWILIO_TIMEOUT_MS). */
  constructor(private readonly timeoutMs = 15000) {}

  for(account: Pick<TwilioAccount, 'accountSid' | 'authToken' | 'apiBaseUrl'>): TwilioClient {
    const key = `${account.accountSid}\u0000${account.authToken}\u0000${account.apiBaseUrl ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      // 429s are retried by our queue (with the sender's limiter), not by the SDK inside a job.
      client = twilio(account.accountSid, account.authToken, { autoRetry: false, timeout: this.timeoutMs });
      if (account.apiBaseUrl) client.api.baseUrl = account.apiBaseUrl;
      this.clients.set(key, client);
    }
    return client;
  }
}
