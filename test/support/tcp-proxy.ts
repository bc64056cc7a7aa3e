import net from 'node:net';

/**
 * A TCP proxy inside the test, between the service and a server it depends on (Postgres on
 * 127.0.0.1:5432): the test can cut it, as a database that crashed or a network that dropped,
 * and restore it.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  /** Connections the proxy accepted so far. */
  accepted = 0;
  private port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = net.createServer((client) => this.forward(client));
  }

  static async start(target: { host?: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target.host ?? '127.0.0.1', target.port);
    await proxy.listen(0);
    return proxy;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** The same URL, through the proxy: its host and port replaced, the rest (user, database) kept. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Connections open through the proxy now. */
  get openConnections(): number {
    return this.pairs.size;
  }

  /**
   * The server is gone: every open connection is reset (both ends) and new ones are refused
   * (ECONNREFUSED) until `restore`.
   */
  async cut(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const pair of this.pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.resetAndDestroy();
      }
      this.pairs.clear();
    });
  }

  /** Accepts connections again, on the same port. */
  async restore(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.cut().catch(() => undefined);
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private forward(client: net.Socket): void {
    this.accepted++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
