import http from 'node:http';
import { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';

const ACCOUNT_SID = 'AC' + 'a1'.repeat(16);
const AUTH_TOKEN = 'simulator-secret-token';

/** The real twilio SDK, over HTTP, against our simulator; callbacks verified with the SDK's own validator. */
describe('Twilio simulator', () => {
  let sim: TwilioSimulator;
  let client: ReturnType<typeof twilio>;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Array<{ path: string; params: Record<string, string>; valid: boolean }> = [];

  beforeAll(async () => {
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 1 }).start();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.api.baseUrl = sim.url;
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const url = receiverUrl + req.url;
        received.push({ path: req.url!, params, valid: twilio.validateRequest(AUTH_TOKEN, String(req.headers['x-twilio-signature']), url, params) });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Kiitos!</Message></Response>');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await sim.stop();
    await new Promise((r) => receiver.close(r));
  });

  it('accepts a message from the SDK, answers like Twilio and posts signed status callbacks', async () => {
    const message = await client.messages.create({ to: '+358401234567', from: '+358451112222', body: 'Kuinka todennäköisesti suosittelisit meitä? Vastaa 0-10.', statusCallback: `${receiverUrl}/status` });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.numSegments).toBe('1');
    await sim.settle();
    const callbacks = received.filter((r) => r.path === '/status' && r.params.MessageSid === message.sid);
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(callbacks.every((c) => c.valid)).toBe(true);
    expect(sim.inbox('+358401234567').map((m) => m.body)).toEqual([message.body]);
    expect((await client.messages(message.sid).fetch()).status).toBe('delivered');
  });

  it('reports a configured delivery failure with its error code', async () => {
    sim.failDeliveryTo('+358501234567', 30006);
    const message = await client.messages.create({ to: '+358501234567', from: '+358451112222', body: 'Hei', statusCallback: `${receiverUrl}/status` });
    await sim.settle();
    const last = received.filter((r) => r.params.MessageSid === message.sid).pop()!;
    expect(last.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30006' });
  });

  it('refuses what Twilio refuses: a bad number (21211) and wrong credentials (20003)', async () => {
    await expect(client.messages.create({ to: '12345', from: '+358451112222', body: 'x' })).rejects.toMatchObject({ status: 400, code: 21211 });
    const stranger = twilio(ACCOUNT_SID, 'wrong-token');
    stranger.api.baseUrl = sim.url;
    await expect(stranger.messages.create({ to: '+358401234567', from: '+358451112222', body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('sends an inbound SMS signed exactly as Twilio signs it', async () => {
    const answer = await sim.sendInbound(`${receiverUrl}/sms`, { from: '+358401234567', to: '+358451112222', body: 'yhdeksän, nopea palvelu' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Message>Kiitos!</Message>');
    const inbound = received.find((r) => r.path === '/sms')!;
    expect(inbound.valid).toBe(true);
    expect(inbound.params).toMatchObject({ Body: 'yhdeksän, nopea palvelu', From: '+358401234567', AccountSid: ACCOUNT_SID, MessageSid: expect.stringMatching(/^SM/) });
    expect(twilio.validateRequest(AUTH_TOKEN, 'tampered', `${receiverUrl}/sms`, inbound.params)).toBe(false);
  });
});
