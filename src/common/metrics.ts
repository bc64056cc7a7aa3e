import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds, from a millisecond to a minute: provider calls, webhook attempts, HTTP requests. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type Labels<L extends string> = Partial<Record<L, string | number>>;

/** A counter of one metric, by its labels. */
export interface CounterMetric<L extends string> {
  inc(labels: Labels<L>, by?: number): void;
}

/** A histogram of one metric (seconds, by convention), by its labels. */
export interface HistogramMetric<L extends string> {
  observe(labels: Labels<L>, value: number): void;
}

/** A gauge read when scraped: `collect` sets its values, or throws to leave it out of this scrape. */
export interface GaugeMetric<L extends string> {
  set(labels: Labels<L>, value: number): void;
  reset(): void;
}

/**
 * The process's Prometheus registry (prom-client), one per app so tests can run several apps in
 * one process. Each module declares the metrics it measures through it (`palaute_` names); the
 * `/metrics` route renders them in the text exposition format. Only this file imports prom-client.
 */
export class Metrics {
  private readonly registry = new Registry();

  constructor(options: { processMetrics?: boolean } = {}) {
    // CPU, memory, event-loop lag, GC and handles: what an operator looks at first.
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'palaute_' });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): CounterMetric<L> {
    const counter = new Counter({ name, help, labelNames, registers: [this.registry] });
    return { inc: (labels, by = 1) => counter.inc(labels, by) };
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[] = LATENCY_BUCKETS,
  ): HistogramMetric<L> {
    const histogram = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
    return { observe: (labels, value) => histogram.observe(labels, value) };
  }

  /**
   * A gauge whose values are read at scrape time. When `collect` fails (Redis or Postgres is down),
   * the gauge has no series in that scrape (NaN when it has no labels) rather than failing it: the
   * rest still reports.
   */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (gauge: GaugeMetric<L>) => Promise<void>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const target: GaugeMetric<L> = { set: (labels, value) => this.set(labels, value), reset: () => this.reset() };
        this.reset();
        try {
          await collect(target);
        } catch {
          this.reset();
          // A gauge without labels cannot be left out; NaN says "unknown" where 0 would say "fine".
          if (labelNames.length === 0) this.set(NaN);
        }
      },
    });
  }

  /** The text exposition format's content type (version 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric, in the text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
