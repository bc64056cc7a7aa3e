import { Client } from 'pg';
import type { Logger } from 'pino';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Where to listen, and what to call for each notification on that channel. */
export interface NotificationListenerOptions {
  databaseUrl: string;
  /** A Postgres channel name: lower case letters, digits and underscores (it is spliced into LISTEN). */
  channel: string;
  /** Shown in pg_stat_activity, so the dedicated connection can be told apart from the pool's. */
  applicationName: string;
  onNotification: (payload: string) => void;
  /**
   * Called after the connection came back: notifications sent while it was away are lost, so the
   * caller refreshes whatever it derives from them.
   */
  onReconnected?: () => void;
  log: Logger;
}

/**
 * One dedicated connection that LISTENs on a Postgres channel. It cannot come from the pool:
 * notifications reach only the session that listens, and the pool hands sessions out per query.
 * A lost connection is retried with backoff (0.5 s doubling to 30 s) until `stop`.
 */
export class NotificationListener {
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;

  constructor(private readonly options: NotificationListenerOptions) {
    if (!CHANNEL_NAME.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
  }

  /** Resolves once LISTEN is in effect (later calls share the same connection); rejects if it cannot connect. */
  start(): Promise<void> {
    this.stopped = false;
    this.starting ??= this.connect().catch((err: unknown) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  /**
   * Like `start`, for wake-ups backed by a poll: when the database cannot be reached now it logs,
   * keeps retrying in the background and resolves, so the caller goes on polling meanwhile.
   */
  async startOrRetry(): Promise<void> {
    try {
      await this.start();
    } catch (err) {
      this.options.log.warn(
        { err, channel: this.options.channel },
        `${this.options.applicationName}: cannot listen for notifications; polling only until it can`,
      );
      this.scheduleReconnect();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    this.starting = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { databaseUrl, channel, applicationName, onNotification } = this.options;
    const client = new Client({ connectionString: databaseUrl, keepAlive: true, application_name: applicationName });
    client.on('notification', (msg) => {
      if (msg.channel === channel) onNotification(msg.payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
  }

  private lost(client: Client, err?: Error): void {
    if (client !== this.client) return;
    this.client = null;
    this.starting = null;
    if (this.stopped) return;
    this.options.log.warn({ err, channel: this.options.channel }, 'listening connection lost, reconnecting');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.start().then(
        () => {
          this.retryMs = FIRST_RETRY_MS;
          this.options.onReconnected?.();
        },
        (err: unknown) => {
          this.options.log.warn({ err, channel: this.options.channel }, 'reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.retryTimer.unref();
  }
}
