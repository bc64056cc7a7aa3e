import { Client } from 'pg';
import type { Logger } from 'pino';

/** The channel the live-notify migration's triggers notify on. */
export const LIVE_CHANNEL = 'palaute_live';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * The process's one connection that LISTENs for response changes. It cannot come from the pool:
 * notifications reach only the session that listens, and the pool hands sessions out per query.
 * Notifications sent while it is disconnected are lost, so after a reconnect `reconnected` tells
 * the caller to refresh whatever it shows.
 */
export class ResponseChangeListener {
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly handlers: { change(payload: string | undefined): void; reconnected(): void },
    private readonly log: Logger,
  ) {}

  /** Resolves once LISTEN is in effect; later calls share the same connection. */
  start(): Promise<void> {
    this.stopped = false;
    this.starting ??= this.connect().catch((err) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
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
    const client = new Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      application_name: 'palaute-live',
    });
    client.on('notification', (msg) => {
      if (msg.channel === LIVE_CHANNEL) this.handlers.change(msg.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
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
    this.log.warn({ err }, 'live: listening connection lost, reconnecting');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.start().then(
        () => {
          this.retryMs = FIRST_RETRY_MS;
          this.handlers.reconnected();
        },
        (err) => {
          this.log.warn({ err }, 'live: reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.retryTimer.unref();
  }
}
