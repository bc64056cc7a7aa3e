import { AddressInfo } from 'node:net';

import express from 'express';
import { validateRequest } from 'twilio';

import { announce, exitWithParent } from './lib/subprocess';

/**
 * The service's webhook stack without the service: Express 5 with the same body parsers, an
 * express.Router route for /webhooks/twilio/:workspaceId/sms, the X-Twilio-Signature check with the
 * twilio SDK over PUBLIC_BASE_URL + originalUrl and every parameter, and a TwiML answer. No
 * database. The gap between this and the raw node:http no-op is what framework and signature cost
 * per reply; the gap between this and the service is ours (routing, parsing, storing).
 * Environment: PORT (required: the signature covers the URL), PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN.
 * Prints `{"port"}` on stdout when ready.
 */
const port = Number(process.env.PORT);
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>What did you like most?</Message></Response>';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
app.use(express.urlencoded({ limit: '1mb', extended: false }));
const router = express.Router();
router.post('/webhooks/twilio/:workspaceId/sms', (req, res) => {
  const params = Object.fromEntries(
    Object.entries(req.body as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  const signature = req.headers['x-twilio-signature'];
  if (
    typeof signature !== 'string' ||
    !validateRequest(authToken, signature, publicBaseUrl + req.originalUrl, params)
  ) {
    res.status(403).end();
    return;
  }
  res.status(200).type('text/xml').send(TWIML);
});
app.use(router);

const server = app.listen(port, '127.0.0.1', () => announce({ port: (server.address() as AddressInfo).port }));
server.keepAliveTimeout = 60_000;
exitWithParent();
