import { Metrics } from '../common/metrics';
import { ChannelAdapter, OutboundEmail, SendOptions } from './channel-adapter';
import { ChannelMetrics } from './channel-metrics';

describe('ChannelMetrics.meter', () => {
  const message = { channel: 'email', to: 'a@example.com' } as OutboundEmail;

  it('hands the send options through, so the email hand-over mark still runs', async () => {
    const seen: Array<SendOptions | undefined> = [];
    const adapter: ChannelAdapter<OutboundEmail> = {
      send: async (_message, options) => {
        seen.push(options);
        await options?.beforeHandover?.();
        return { providerMessageId: 'm-1' };
      },
    };
    let marked = 0;
    const metered = new ChannelMetrics(new Metrics({ processMetrics: false })).meter('email', adapter);
    await expect(metered.send(message, { beforeHandover: async () => void marked++ })).resolves.toEqual({
      providerMessageId: 'm-1',
    });
    expect(marked).toBe(1);
    expect(seen[0]?.beforeHandover).toEqual(expect.any(Function));
  });

  it('counts a send by channel and outcome', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const adapter: ChannelAdapter<OutboundEmail> = { send: async () => ({ providerMessageId: 'm-2' }) };
    await new ChannelMetrics(metrics).meter('email', adapter).send(message);
    expect(await metrics.render()).toMatch(/palaute_sends_total\{channel="email",outcome="sent"\} 1/);
  });
});
