import net, { AddressInfo } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now (the OS picked it, then it was
 * released): for a server the test starts itself, or for an address that must refuse.
 */
export async function sparePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
