import { Injectable } from '@nestjs/common';

import { OutboundSms } from '../channel-adapter';
import { TwilioClients } from './twilio-clients';

/**
 * After a worker died between calling Twilio and recording the result, finds out whether the
 * message was accepted: the same body to the same number from our sender since the cut-off
 * attempt began. Twilio's Messages API has no idempotency key, so this is how a retry avoids a
 * second text.
 */
@Injectable()
export class SmsReconciler {
  constructor(private readonly clients: TwilioClients) {}

  async findSent(message: OutboundSms, attemptStartedAt: Date): Promise<string | null> {
    const client = this.clients.for(message.account);
    const from = message.account.sender.startsWith('MG') ? undefined : message.account.sender;
    const recent = await client.messages.list({ to: message.to, from, limit: 50 });
    // A minute of slack for clock skew between us and the provider.
    const since = attemptStartedAt.getTime() - 60_000;
    const match = recent.find(
      (m) => m.body === message.body && m.direction !== 'inbound' && new Date(m.dateCreated).getTime() >= since,
    );
    return match?.sid ?? null;
  }
}
