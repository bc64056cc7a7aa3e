import autocannon from 'autocannon';

/** What one autocannon run measured, in the shape the benches' JSON results keep. */
export interface CannonResult {
  /** Requests written (every request autocannon builds is sent). */
  sent: number;
  /** Answered requests: 2xx + non-2xx. */
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** 2xx answers per second. */
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  /** Answers per one-second window: a low minimum means a stall within the run. */
  perSecondWindows: { min: number; mean: number; max: number; stddev: number };
  statusCodes: Record<string, number>;
  startedAt: number;
  finishedAt: number;
}

/**
 * POSTs over `connections` keep-alive connections, each request built by `next()` (its body, and
 * its headers unless they are the same `headers` for every request), for `amount` requests or
 * `duration` seconds. In a timed run the requests still in flight when the clock stops are cut off
 * unanswered: `sent - requests` of them.
 */
export function cannon(opts: {
  url: string;
  path: string;
  connections: number;
  amount?: number;
  duration?: number;
  headers?: Record<string, string>;
  /** `path`, when given, replaces `opts.path` for that request (each turn of a call has its own URL). */
  next: () => { body: string; headers?: Record<string, string>; path?: string };
}): Promise<CannonResult> {
  let sent = 0;
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        ...(opts.amount !== undefined ? { amount: opts.amount } : { duration: opts.duration }),
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: opts.path,
            ...(opts.headers ? { headers: opts.headers } : {}),
            setupRequest: (req) => {
              sent += 1;
              const { body, headers, path } = opts.next();
              const request = path ? { ...req, path } : req;
              return headers ? { ...request, headers, body } : { ...request, body };
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const statusCodes = Object.fromEntries(
          Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]),
        );
        resolve({
          sent,
          requests: r['2xx'] + r.non2xx,
          ok2xx: r['2xx'],
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          seconds: r.duration,
          perSecond: r['2xx'] / r.duration,
          latencyMs: {
            p50: r.latency.p50,
            p90: r.latency.p90,
            p99: r.latency.p99,
            max: r.latency.max,
            average: r.latency.average,
          },
          perSecondWindows: {
            min: r.requests.min,
            mean: r.requests.average,
            max: r.requests.max,
            stddev: Math.round(r.requests.stddev),
          },
          statusCodes,
          startedAt,
          finishedAt: Date.now(),
        });
      },
    );
  });
}
