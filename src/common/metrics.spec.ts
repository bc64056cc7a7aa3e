import parsePrometheusTextFormat from 'parse-prometheus-text-format';

import { Metrics } from './metrics';

/** The exposition as an independent parser reads it, by family name. */
async function scrape(metrics: Metrics) {
  const families = parsePrometheusTextFormat(await metrics.render());
  return new Map(families.map((f) => [f.name, f]));
}

describe('Metrics', () => {
  it('renders counters, histograms and gauges in the text format with their help and labels', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.counter('palaute_test_total', 'Things counted.', ['kind']).inc({ kind: 'a' }, 2);
    metrics.histogram('palaute_test_seconds', 'Things timed.', []).observe({}, 0.003);
    metrics.gauge('palaute_test_depth', 'Things waiting.', ['queue'], async (g) => g.set({ queue: 'dispatch' }, 7));

    const families = await scrape(metrics);
    expect(families.get('palaute_test_total')).toMatchObject({
      type: 'COUNTER',
      help: 'Things counted.',
      metrics: [{ labels: { kind: 'a' }, value: '2' }],
    });
    expect(families.get('palaute_test_seconds')).toMatchObject({
      type: 'HISTOGRAM',
      metrics: [{ count: '1', sum: '0.003', buckets: expect.objectContaining({ '0.001': '0', '0.005': '1' }) }],
    });
    expect(families.get('palaute_test_depth')).toMatchObject({
      type: 'GAUGE',
      metrics: [{ labels: { queue: 'dispatch' }, value: '7' }],
    });
  });

  it('leaves a gauge it cannot read out of the scrape (not a number without labels) instead of failing it', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const down = async () => {
      throw new Error('redis is down');
    };
    metrics.gauge('palaute_test_labelled', 'Labelled.', ['queue'], down);
    metrics.gauge('palaute_test_single', 'Single.', [], down);
    metrics.counter('palaute_test_total', 'Still here.', []).inc({});

    const families = await scrape(metrics);
    expect(families.get('palaute_test_labelled')?.metrics ?? []).toEqual([]);
    // prom-client spells NaN "Nan"; Prometheus reads floats case-insensitively.
    expect(families.get('palaute_test_single')?.metrics?.[0].value?.toLowerCase()).toBe('nan');
    expect(families.get('palaute_test_total')?.metrics).toEqual([{ value: '1' }]);
  });

  it("includes the process's own figures under the palaute_ prefix", async () => {
    const families = await scrape(new Metrics());
    expect(families.get('palaute_process_cpu_seconds_total')?.type).toBe('COUNTER');
    expect(families.get('palaute_nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
  });

  it('keeps apps apart: each has its own registry', async () => {
    const first = new Metrics({ processMetrics: false });
    const second = new Metrics({ processMetrics: false });
    first.counter('palaute_test_total', 'One.', []).inc({});
    second.counter('palaute_test_total', 'Two.', []);
    expect((await scrape(second)).get('palaute_test_total')?.metrics).toEqual([{ value: '0' }]);
  });
});
