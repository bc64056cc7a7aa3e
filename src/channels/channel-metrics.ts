import { Injectable } from '@nestjs/common';

import { CounterMetric, HistogramMetric, Metrics } from '../common/metrics';
import {
  ChannelAdapter,
  OutboundSurvey,
  PermanentSendError,
  ProviderRateLimitedError,
  SendOptions,
} from './channel-adapter';

/** How one call to a provider ended: accepted, refused for good, throttled, or failed (to be retried). */
export type SendResult = 'sent' | 'rejected' | 'rate_limited' | 'error';

export function sendResultOf(err: unknown): SendResult {
  if (err instanceof PermanentSendError) return 'rejected';
  if (err instanceof ProviderRateLimitedError) return 'rate_limited';
  return 'error';
}

/**
 * Every message handed to a provider (SMTP or the dev outbox for email, Twilio for SMS and calls):
 * how many, by channel and result, and how long the provider took. Counted per process: the
 * worker that sent them reports them.
 */
@Injectable()
export class ChannelMetrics {
  private readonly sends: CounterMetric<'channel' | 'outcome'>;
  private readonly latency: HistogramMetric<'channel' | 'outcome'>;

  constructor(metrics: Metrics) {
    this.sends = metrics.counter(
      'palaute_sends_total',
      'Messages handed to a provider, by channel and outcome (sent, rejected, rate_limited, error).',
      ['channel', 'outcome'],
    );
    this.latency = metrics.histogram(
      'palaute_provider_request_duration_seconds',
      'How long the provider took to accept or refuse a message, by channel and outcome.',
      ['channel', 'outcome'],
    );
  }

  /**
   * Measures every send of an adapter. The adapter keeps its identity (and its other methods), so
   * whoever holds it, as its class or its interface, still has the same object.
   */
  meter<M extends OutboundSurvey, A extends ChannelAdapter<M>>(channel: M['channel'], adapter: A): A {
    const send = adapter.send.bind(adapter);
    // The options travel on untouched: the email hand-over mark (SendOptions.beforeHandover) rides on them.
    adapter.send = async (message: M, options?: SendOptions) => {
      const started = process.hrtime.bigint();
      let outcome: SendResult = 'sent';
      try {
        return await send(message, options);
      } catch (err) {
        outcome = sendResultOf(err);
        throw err;
      } finally {
        this.sends.inc({ channel, outcome });
        this.latency.observe({ channel, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
      }
    };
    return adapter;
  }
}
