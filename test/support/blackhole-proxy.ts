import net, { AddressInfo, Socket } from 'node:net';

/**
 * A TCP proxy that can turn into a black hole: until `blackhole()` it forwards both ways; after
 * it every byte vanishes and nobody is told (connections stay open, nothing is refused or reset),
 * like a network partition. A client waiting for an answer waits for ever.
 */
export class BlackholeProxy {
  private server?: net.Server;
  private readonly clients = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();
  private swallowing = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** For a URL such as redis://127.0.0.1:6379: the proxy speaks for its host and port. */
  static forUrl(url: string): BlackholeProxy {
    const u = new URL(url);
    return new BlackholeProxy(u.hostname, Number(u.port));
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The target URL with the proxy's address in place of the target's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** From now on nothing gets through, in either direction, on open or new connections. */
  blackhole(): void {
    this.swallowing = true;
    for (const upstream of this.upstreams) upstream.destroy();
    this.upstreams.clear();
    for (const client of this.clients) this.swallow(client);
  }

  async stop(): Promise<void> {
    for (const s of [...this.clients, ...this.upstreams]) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    client.on('error', () => client.destroy());
    if (this.swallowing) return this.swallow(client);
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.upstreams.add(upstream);
    upstream.on('error', () => upstream.destroy());
    upstream.on('close', () => {
      this.upstreams.delete(upstream);
      // A real upstream close is passed on; one the black hole caused is not.
      if (!this.swallowing) client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private swallow(client: Socket): void {
    client.unpipe();
    client.removeAllListeners('data');
    client.on('data', () => undefined);
    client.resume();
  }
}
