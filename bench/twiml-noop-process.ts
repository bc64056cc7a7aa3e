import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The cheapest possible Twilio SMS webhook: read the form body, parse it, answer 200 with a TwiML
 * reply. No signature check, no storage. The bench drives it exactly like the service's
 * /webhooks/twilio/:workspaceId/sms, so its rate is the ceiling this machine puts on inbound
 * replies (one Node event loop, autocannon on the same cores). Prints `{"port"}` on stdout when ready.
 */
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>What did you like most?</Message></Response>';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (!form.get('MessageSid') || !form.get('From')) res.writeHead(400).end();
    else res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(TWIML);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
