export interface SinkStats {
  count: number;
  bytes: number;
  firstAt: number | null;
  lastAt: number | null;
  sessions: number;
}

/** Talks to bench/smtp-sink-process over its small HTTP control port. */
export class SinkClient {
  constructor(private readonly httpPort: number) {}

  async stats(): Promise<SinkStats> {
    const res = await fetch(`http://127.0.0.1:${this.httpPort}/stats`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`SMTP sink /stats answered ${res.status}`);
    return (await res.json()) as SinkStats;
  }

  async reset(): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${this.httpPort}/reset`, {
      method: 'POST',
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`SMTP sink /reset answered ${res.status}`);
  }
}
