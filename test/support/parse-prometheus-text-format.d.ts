/** The slice of parse-prometheus-text-format 1.1's API the tests use (the package ships no types). */
declare module 'parse-prometheus-text-format' {
  /** One sample of a family: a value (counters, gauges) or, for a histogram without labels, its buckets, count and sum. */
  interface Sample {
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }

  interface Family {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: Sample[];
  }

  /** Throws on a line that is not valid text exposition format. */
  export default function parsePrometheusTextFormat(text: string): Family[];
}
