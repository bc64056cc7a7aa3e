import { OutboundCall, VoiceChannelAdapter } from '../channel-adapter';
import { TwilioClients } from './twilio-clients';
import { classifyTwilioError } from './twilio-sms.adapter';

/** Progress events Twilio reports to the StatusCallback; `answered` is Twilio's name for in-progress. */
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
/** Seconds the phone rings before Twilio gives up with `no-answer`. */
const RING_SECONDS = 30;

/** Places survey calls through the Calls API with the official SDK; maps Twilio's errors to ours. */
export class TwilioVoiceAdapter implements VoiceChannelAdapter {
  constructor(private readonly clients: TwilioClients) {}

  async send(call: OutboundCall): Promise<{ providerMessageId: string }> {
    const client = this.clients.for(call.account);
    try {
      const created = await client.calls.create({
        to: call.to,
        from: call.account.callerId,
        url: call.url,
        method: 'POST',
        statusCallback: call.statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: CALL_EVENTS,
        timeout: RING_SECONDS,
        ...(call.machineDetection ? { machineDetection: 'Enable' } : {}),
      });
      return { providerMessageId: created.sid };
    } catch (err) {
      throw classifyTwilioError(err as { status?: number; code?: number; message?: string });
    }
  }

  /**
   * A call from our number to this one created since the cut-off attempt began (a minute of slack
   * for clock skew). Calls carry no body to compare, so two campaigns ringing the same person in
   * the same minute would be taken for one: the fatigue rules keep that from happening.
   */
  async findPlaced(call: OutboundCall, attemptStartedAt: Date): Promise<string | null> {
    const client = this.clients.for(call.account);
    const recent = await client.calls.list({ to: call.to, from: call.account.callerId, limit: 20 });
    const since = attemptStartedAt.getTime() - 60_000;
    return recent.find((c) => new Date(c.dateCreated).getTime() >= since)?.sid ?? null;
  }
}
