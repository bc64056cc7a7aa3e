import { Client } from 'pg';
import type { Logger } from 'pino';

const RETRY_MS = 1000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Where to listen, and what to call for each notification on that channel. */
export interface NotificationListenerOptions {
  databaseUrl: string;
  /** A Postgres channel name: lower case letters, digits and underscores (it is spliced into LISTEN). */
  channel: string;
  /** Shown in pg_stat_activity, so the dedicated connection can be told apart from the pool's. */
  applicationName: string;
  onNotification: (payload: string) => void;
  log: Logger;
}

/**
 * One dedicated connection (outside the pool, which hands clients back and forth) that LISTENs on
 * a Postgres channel. It is meant for wake-ups backed by a poll: a notification lost while the
 * connection is down only delays work until the next poll, so reconnecting is simple and quiet.
 */
export class NotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: NotificationListenerOptions) {
    if (!CHANNEL_NAME.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
  }

  async start(): Promise<void> {
    this.stopped = false;
    const { databaseUrl, channel, applicationName, onNotification, log } = this.options;
    const client = new Client({ connectionString: databaseUrl, keepAlive: true, application_name: applicationName });
    client.on('notification', (msg) => {
      if (msg.channel === channel) onNotification(msg.payload ?? '');
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      this.client = client;
    } catch (err) {
      await client.end().catch(() => undefined);
      log.warn({ err, channel }, `${applicationName}: cannot listen for notifications; polling only until it can`);
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
