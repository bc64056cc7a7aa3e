import http from 'node:http';
import { AddressInfo } from 'node:net';

import { Webhook } from 'standardwebhooks';

import { announce, controlRoutes, exitWithParent } from './lib/subprocess';

/**
 * A CRM's webhook receiver for bench:webhooks: reads each body and answers 204. Requests to /hook
 * are the service's deliveries: counted by webhook-id, and every VERIFY_EVERY-th is verified with
 * the `standardwebhooks` package against the raw body (all of them would make the receiver the
 * bottleneck). Requests to any other path are the raw baseline's, only counted.
 * POST /control/reset?secret=whsec_… sets the secret and zeroes the counts; GET /control/stats.
 * Prints `{"port"}` on stdout when ready.
 */
const VERIFY_EVERY = 50;
let webhook: Webhook | null = null;
let stats = { deliveries: 0, distinctIds: 0, verified: 0, badSignatures: 0, raw: 0 };
let ids = new Set<string>();

const control = controlRoutes(
  '/control',
  () => ({ ...stats, distinctIds: ids.size }),
  (query) => {
    const secret = query.get('secret');
    if (secret) webhook = new Webhook(secret);
    stats = { deliveries: 0, distinctIds: 0, verified: 0, badSignatures: 0, raw: 0 };
    ids = new Set();
  },
);

const server = http.createServer((req, res) => {
  if (control(req, res)) return;
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url !== '/hook') {
      stats.raw++;
      res.writeHead(204).end();
      return;
    }
    stats.deliveries++;
    ids.add(String(req.headers['webhook-id']));
    if (webhook && stats.deliveries % VERIFY_EVERY === 1) {
      try {
        webhook.verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
        stats.verified++;
      } catch {
        stats.badSignatures++;
      }
    }
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as AddressInfo).port }));
exitWithParent();
