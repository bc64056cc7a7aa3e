import { ChannelAdapter, OutboundSms, PermanentSendError, ProviderRateLimitedError } from '../channel-adapter';
import { TwilioClients } from './twilio-clients';
import { PERMANENT_TWILIO_CODES, TWILIO_UNSUBSCRIBED } from './twilio-error-codes';

interface TwilioRestError {
  status?: number;
  code?: number;
  message?: string;
}

/** Sends SMS through the Messages API with the official SDK; maps Twilio's errors to ours. */
export class TwilioSmsAdapter implements ChannelAdapter<OutboundSms> {
  constructor(private readonly clients: TwilioClients) {}

  async send(message: OutboundSms): Promise<{ providerMessageId: string }> {
    const client = this.clients.for(message.account);
    const sender = message.account.sender.startsWith('MG')
      ? { messagingServiceSid: message.account.sender }
      : { from: message.account.sender };
    try {
      const created = await client.messages.create({
        to: message.to,
        body: message.body,
        statusCallback: message.statusCallback,
        ...sender,
      });
      return { providerMessageId: created.sid };
    } catch (err) {
      throw classifyTwilioError(err as TwilioRestError);
    }
  }
}

/** Permanent refusals fail the invitation; 429 asks the queue to slow down; the rest is retried. */
export function classifyTwilioError(err: TwilioRestError): Error {
  const code = err.code;
  const text = `Twilio ${code ?? err.status ?? 'error'}: ${err.message ?? 'request failed'}`;
  if (err.status === 429 || code === 20429) return new ProviderRateLimitedError(text);
  if (code === TWILIO_UNSUBSCRIBED) return new PermanentSendError(text, { code, optedOut: true });
  if (code !== undefined && PERMANENT_TWILIO_CODES.has(code)) return new PermanentSendError(text, { code });
  return err instanceof Error ? err : new Error(text);
}
