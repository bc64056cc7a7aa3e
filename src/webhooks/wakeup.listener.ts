import { Client } from 'pg';
import type { Logger } from 'pino';

const RETRY_MS = 1000;

/**
 * One connection per worker process that LISTENs for "new webhook work" notifications. A lost
 * notification only delays work until the next poll, so reconnecting is simple and quiet.
 */
export class WakeupListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onWake: (payload: string) => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const client = new Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      application_name: 'palaute-webhooks',
    });
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.onWake(msg.payload ?? '');
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
    } catch (err) {
      await client.end().catch(() => undefined);
      this.log.warn({ err }, 'webhooks: cannot listen for wake-ups; polling only until it can');
      this.retry();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private lost(client: Client): void {
    if (client !== this.client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.start();
    }, RETRY_MS);
    this.retryTimer.unref();
  }
}
