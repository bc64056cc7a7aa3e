import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as the receiver got it: the raw body, exactly the bytes that were signed. */
export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request: a status (and headers), or never ('hang'). */
export type Reply = { status: number; headers?: Record<string, string> } | 'hang';

/**
 * A real HTTP server on 127.0.0.1 standing in for a CRM. Each path answers from its own script of
 * replies, then 200 once the script runs out.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private readonly hanging = new Set<http.ServerResponse>();
  private server?: http.Server;
  private waiters: Array<() => void> = [];

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.waiters.splice(0).forEach((w) => w());
        const reply = this.scripts.get(path)?.shift() ?? { status: 200 };
        if (reply === 'hang') {
          this.hanging.add(res);
          return;
        }
        res.writeHead(reply.status, reply.headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  /** The next requests to `path` get these replies, in order. */
  script(path: string, ...replies: Reply[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...replies]);
  }

  to(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Resolves once `path` has received `count` requests. */
  async waitFor(path: string, count: number, timeoutMs = 10_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(path).length < count) {
      if (Date.now() > deadline)
        throw new Error(`${path}: ${this.to(path).length} of ${count} requests arrived in time`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.to(path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
