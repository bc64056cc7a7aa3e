import http from 'node:http';
import { AddressInfo } from 'node:net';
import { announce, exitWithParent } from './lib/subprocess';

/**
 * The cheapest possible endpoint for the requests a bench drives at the service: read the body,
 * parse it, answer. No framework, no checks beyond the parse, no storage. The bench drives it exactly
 * like the service, so its rate is the ceiling this machine puts on that traffic (one Node event
 * loop, autocannon on the same cores). Prints `{"port"}` on stdout when ready.
 * The argument picks the body (default json):
 *   json   an events POST: JSON.parse the body, answer 202 with an ingest-shaped reply (bench:dispatch);
 *   twiml  a Twilio SMS webhook: parse the form, require MessageSid and From, answer 200 with a TwiML
 *          reply, like /webhooks/twilio/:workspaceId/sms (bench:sms).
 */
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>What did you like most?</Message></Response>';

const answers: Record<string, (body: string, res: http.ServerResponse) => void> = {
  json: (body, res) => {
    try {
      JSON.parse(body);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"eventId":"00000000-0000-0000-0000-000000000000","decisions":[]}');
    } catch {
      res.writeHead(400).end();
    }
  },
  twiml: (body, res) => {
    const form = new URLSearchParams(body);
    if (!form.get('MessageSid') || !form.get('From')) res.writeHead(400).end();
    else res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(TWIML);
  },
};
const mode = process.argv[2] ?? 'json';
const answer = answers[mode];
if (!answer) throw new Error(`http-noop-process: unknown body "${mode}" (json or twiml)`);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => answer(Buffer.concat(chunks).toString('utf8'), res));
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as AddressInfo).port }));
exitWithParent();
