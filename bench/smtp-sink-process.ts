import http from 'node:http';
import { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

import { announce, controlRoutes, runHelper } from './lib/subprocess';

/**
 * An SMTP sink in its own process, so accepting mail does not cost the benchmark's event loop.
 * It only counts: a message counts once its 250 is written, as with a real MTA. Prints one JSON
 * line `{"smtpPort","httpPort"}` on stdout when ready; `GET /stats` returns the counters and
 * `POST /reset` zeroes them between phases.
 */
interface Stats {
  count: number;
  bytes: number;
  firstAt: number | null;
  lastAt: number | null;
  sessions: number;
}

const emptyStats = (): Stats => ({ count: 0, bytes: 0, firstAt: null, lastAt: null, sessions: 0 });
let stats = emptyStats();

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onConnect: (_session, callback) => {
    stats.sessions += 1;
    callback();
  },
  onData: (stream, _session, callback) => {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      const now = Date.now();
      stats.count += 1;
      stats.bytes += bytes;
      stats.firstAt ??= now;
      stats.lastAt = now;
      callback();
    });
  },
});
// A sender killed mid-session (the bench stopping the service) resets its connection: expected.
smtp.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'ECONNRESET') console.error(`smtp error: ${err.message}`);
});

const routes = controlRoutes(
  '',
  () => stats,
  () => (stats = emptyStats()),
);
const control = http.createServer((req, res) => {
  if (!routes(req, res)) res.writeHead(404).end();
});

function listen(server: { listen(port: number, host: string, cb: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

runHelper(async () => {
  await listen(smtp);
  await listen(control);
  const smtpPort = (smtp as unknown as { server: { address(): AddressInfo } }).server.address().port;
  const httpPort = (control.address() as AddressInfo).port;
  announce({ smtpPort, httpPort });
});
