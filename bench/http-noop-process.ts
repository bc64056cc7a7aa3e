import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The cheapest possible events endpoint: read the body, parse the JSON, answer 202. The bench
 * drives it exactly like the service, so its rate is the ceiling this machine puts on ingest
 * (one Node event loop, autocannon on the same cores). Prints `{"port"}` on stdout when ready.
 */
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"eventId":"00000000-0000-0000-0000-000000000000","decisions":[]}');
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
