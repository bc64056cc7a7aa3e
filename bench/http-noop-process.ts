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
 *          reply, like /webhooks/twilio/:workspaceId/sms (bench:sms);
 *   voice  a Twilio voice webhook turn: parse the form, require CallSid, answer 200 with a Gather
 *          document the size of the IVR's (bench:voice).
 */
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>What did you like most?</Message></Response>';

const VOICE_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf speech" action="http://127.0.0.1/webhooks/twilio/ws/voice/token?q=why&amp;attempt=0" method="POST" ' +
  'language="en-US" timeout="5" speechTimeout="auto" numDigits="1"><Say voice="Polly.Joanna" language="en-US">Was your issue solved? Press 1 for yes, 2 for no.</Say></Gather>' +
  '<Redirect method="POST">http://127.0.0.1/webhooks/twilio/ws/voice/token?q=why&amp;attempt=0&amp;timeout=1</Redirect></Response>';

const answers: Record<string, (body: string, res: http.ServerResponse) => void> = {
  json: (body, res) => {
    try {
      JSON.parse(body);
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end('{"eventId":"00000000-0000-0000-0000-000000000000","decisions":[]}');
    } catch {
      res.writeHead(400).end();
    }
  },
  twiml: (body, res) => {
    const form = new URLSearchParams(body);
    if (!form.get('MessageSid') || !form.get('From')) res.writeHead(400).end();
    else res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(TWIML);
  },
  voice: (body, res) => {
    const form = new URLSearchParams(body);
    if (!form.get('CallSid')) res.writeHead(400).end();
    else res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(VOICE_TWIML);
  },
};
const mode = process.argv[2] ?? 'json';
const answer = answers[mode];
if (!answer) throw new Error(`http-noop-process: unknown body "${mode}" (json, twiml or voice)`);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => answer(Buffer.concat(chunks).toString('utf8'), res));
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as AddressInfo).port }));
exitWithParent();
