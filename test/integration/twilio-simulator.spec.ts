import { spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

import express from 'express';
import twilio from 'twilio';
import RestException from 'twilio/lib/base/RestException';

import { parseArgs, startSimulatorFromEnv } from '../../src/channels/twilio/simulator/simulator-cli';
import { SimulatedMessage, TwilioSimulator, twimlMessages } from '../../src/channels/twilio/simulator/twilio-simulator';

const ACCOUNT_SID = 'AC' + 'a1'.repeat(16);
const AUTH_TOKEN = 'simulator-secret-token';
const OTHER_SID = 'AC' + 'b2'.repeat(16);
const OTHER_TOKEN = 'other-account-token';
const SENDER = '+358451112222';

interface Received {
  path: string;
  params: Record<string, string>;
  signature: string;
  url: string;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function sdk(sid: string, token: string, baseUrl: string, opts?: { accountSid?: string }) {
  const client = twilio(sid, token, opts);
  client.api.baseUrl = baseUrl;
  return client;
}

/** The real twilio SDK, over HTTP, against our simulator; callbacks verified with the SDK's own validator. */
describe('Twilio simulator', () => {
  let sim: TwilioSimulator;
  let client: ReturnType<typeof twilio>;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Received[] = [];
  const stored: SimulatedMessage[] = [];
  /** What the webhook answers, by path (default: one thank-you reply). */
  const answers: Record<string, { status: number; body: string }> = {};
  const validFor = (token: string, r: Received) => twilio.validateRequest(token, r.signature, r.url, r.params);

  beforeAll(async () => {
    sim = await new TwilioSimulator({
      accounts: [{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }],
      callbackDelayMs: 1,
      onMessage: (m) => stored.push(m),
    }).start();
    client = sdk(ACCOUNT_SID, AUTH_TOKEN, sim.url);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        received.push({
          path: req.url!,
          params,
          signature: String(req.headers['x-twilio-signature']),
          url: receiverUrl + req.url,
        });
        const answer = answers[req.url!] ?? {
          status: 200,
          body: '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Kiitos!</Message></Response>',
        };
        res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
      });
    });
    receiverUrl = await listen(receiver);
  });

  afterAll(async () => {
    await sim.stop();
    await close(receiver);
  });

  it('accepts a message from the SDK, answers like Twilio and posts signed status callbacks', async () => {
    const message = await client.messages.create({
      to: '+358401234567',
      from: SENDER,
      body: 'Kuinka todennäköisesti suosittelisit meitä? Vastaa 0-10.',
      statusCallback: `${receiverUrl}/status`,
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.direction).toBe('outbound-api');
    expect(message.numSegments).toBe('1');
    await sim.settle();
    const callbacks = received.filter((r) => r.path === '/status' && r.params.MessageSid === message.sid);
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(callbacks.every((c) => validFor(AUTH_TOKEN, c))).toBe(true);
    expect(sim.inbox('+358401234567').map((m) => m.body)).toEqual([message.body]);
    const fetched = await client.messages(message.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
    expect(stored.find((m) => m.sid === message.sid)).toMatchObject({ direction: 'outbound-api', to: '+358401234567' });
  });

  it('reports a configured delivery failure with its error code, until failures are cleared', async () => {
    sim.failDeliveryTo('+358501234567', 30006);
    const message = await client.messages.create({
      to: '+358501234567',
      from: SENDER,
      body: 'Hei',
      statusCallback: `${receiverUrl}/status`,
    });
    await sim.settle();
    const last = received.filter((r) => r.params.MessageSid === message.sid).pop()!;
    expect(last.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30006' });
    sim.clearFailures();
    const again = await client.messages.create({ to: '+358501234567', from: SENDER, body: 'Hei taas' });
    await sim.settle();
    expect((await client.messages(again.sid).fetch()).status).toBe('delivered');
  });

  it('refuses what Twilio refuses: a bad number (21211) and wrong credentials (20003)', async () => {
    await expect(client.messages.create({ to: '12345', from: SENDER, body: 'x' })).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });
    const stranger = sdk(ACCOUNT_SID, 'wrong-token', sim.url);
    await expect(stranger.messages.create({ to: '+358401234567', from: SENDER, body: 'x' })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });

  it('sends an inbound SMS signed exactly as Twilio signs it', async () => {
    const answer = await sim.sendInbound(`${receiverUrl}/sms`, {
      from: '+358401234567',
      to: SENDER,
      body: 'yhdeksän, nopea palvelu',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Message>Kiitos!</Message>');
    expect(answer.replies).toEqual(['Kiitos!']);
    const inbound = received.find((r) => r.path === '/sms')!;
    expect(validFor(AUTH_TOKEN, inbound)).toBe(true);
    expect(inbound.params).toMatchObject({
      Body: 'yhdeksän, nopea palvelu',
      From: '+358401234567',
      AccountSid: ACCOUNT_SID,
      MessageSid: expect.stringMatching(/^SM/),
    });
    expect(twilio.validateRequest(AUTH_TOKEN, 'tampered', inbound.url, inbound.params)).toBe(false);
  });

  it('serves several accounts, each with its own token, and keeps them apart', async () => {
    sim.addAccount(OTHER_SID, OTHER_TOKEN);
    const other = sdk(OTHER_SID, OTHER_TOKEN, sim.url);
    const mine = await client.messages.create({ to: '+358402000001', from: SENDER, body: 'tili A' });
    const theirs = await other.messages.create({
      to: '+358402000001',
      from: '+358452000000',
      body: 'tili B',
      statusCallback: `${receiverUrl}/status-b`,
    });
    expect(theirs.accountSid).toBe(OTHER_SID);
    await sim.settle();

    // Callbacks are signed with the token of the message's account, not the first one.
    const callbacks = received.filter((r) => r.path === '/status-b');
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(callbacks.every((c) => validFor(OTHER_TOKEN, c) && !validFor(AUTH_TOKEN, c))).toBe(true);

    // Each account sees only its own messages.
    expect((await other.messages.list({ to: '+358402000001' })).map((m) => m.sid)).toEqual([theirs.sid]);
    expect((await client.messages.list({ to: '+358402000001' })).map((m) => m.sid)).toEqual([mine.sid]);
    await expect(other.messages(mine.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });

    // Wrong token, another account's token for this account, a valid login aimed at another account's URL, an unknown account.
    for (const stranger of [
      sdk(OTHER_SID, 'wrong-token', sim.url),
      sdk(ACCOUNT_SID, OTHER_TOKEN, sim.url),
      sdk(OTHER_SID, OTHER_TOKEN, sim.url, { accountSid: ACCOUNT_SID }),
      sdk('AC' + 'c3'.repeat(16), OTHER_TOKEN, sim.url),
    ]) {
      await expect(stranger.messages.create({ to: '+358402000001', from: SENDER, body: 'x' })).rejects.toMatchObject({
        status: 401,
        code: 20003,
      });
    }

    // Inbound on the second account is signed with its token.
    await sim.sendInbound(`${receiverUrl}/sms-b`, {
      from: '+358402000001',
      to: '+358452000000',
      body: 'moi',
      accountSid: OTHER_SID,
    });
    const inbound = received.find((r) => r.path === '/sms-b')!;
    expect(inbound.params.AccountSid).toBe(OTHER_SID);
    expect(validFor(OTHER_TOKEN, inbound)).toBe(true);
    expect(validFor(AUTH_TOKEN, inbound)).toBe(false);
    await expect(
      sim.sendInbound(`${receiverUrl}/sms-b`, {
        from: '+358402000001',
        to: SENDER,
        body: 'x',
        accountSid: 'AC' + 'c3'.repeat(16),
      }),
    ).rejects.toThrow(/unknown account/);
  });

  it('turns TwiML <Message> replies into outbound-reply messages, entities decoded, in the conversation', async () => {
    const customer = '+358403000001';
    answers['/reply'] = {
      status: 200,
      body: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Response>',
        '  <!-- <Message>not this one</Message> -->',
        '  <Message>Kiitos &amp; n&#228;kemiin &lt;3 &quot;NPS&quot; &apos;9&apos; &#x1F44D;</Message>',
        '  <Message><Body>Vastaa STOP &gt; lopettaaksesi</Body></Message>',
        '  <Message/>',
        '</Response>',
      ].join('\n'),
    };
    const callbacksBefore = received.length;
    const storedBefore = stored.length;

    const answer = await sim.sendInbound(`${receiverUrl}/reply`, { from: customer, to: SENDER, body: '9' });
    expect(answer.status).toBe(200);
    expect(answer.replies).toEqual(['Kiitos & näkemiin <3 "NPS" \'9\' 👍', 'Vastaa STOP > lopettaaksesi']);

    const transcript = sim.conversation(customer);
    expect(transcript.map((m) => [m.direction, m.from, m.to, m.body, m.status])).toEqual([
      ['inbound', customer, SENDER, '9', 'received'],
      ['outbound-reply', SENDER, customer, answer.replies[0], 'delivered'],
      ['outbound-reply', SENDER, customer, answer.replies[1], 'delivered'],
    ]);
    expect(transcript.every((m) => m.accountSid === ACCOUNT_SID)).toBe(true);
    expect(sim.inbox(customer).map((m) => m.direction)).toEqual(['outbound-reply', 'outbound-reply']);
    expect(sim.inbox(SENDER).filter((m) => m.from === customer)).toEqual([]);
    expect(stored.slice(storedBefore)).toEqual(transcript);
    await sim.settle();
    expect(received.length).toBe(callbacksBefore + 1); // the webhook call itself; replies post no callbacks

    // The SDK sees them as Twilio's list would: newest first, with their directions.
    const listed = await client.messages.list({ to: customer });
    expect(listed.map((m) => [m.direction, m.body])).toEqual([
      ['outbound-reply', answer.replies[1]],
      ['outbound-reply', answer.replies[0]],
    ]);
    expect((await client.messages.list({ from: customer })).map((m) => m.direction)).toEqual(['inbound']);

    // TwiML built by the SDK itself round-trips; an error answer sends nothing.
    const twiml = new twilio.twiml.MessagingResponse();
    twiml.message({ to: '+358403000002' }, 'Fish & <chips>');
    answers['/sdk-twiml'] = { status: 200, body: twiml.toString() };
    expect(
      (await sim.sendInbound(`${receiverUrl}/sdk-twiml`, { from: customer, to: SENDER, body: 'x' })).replies,
    ).toEqual(['Fish & <chips>']);
    expect(sim.inbox('+358403000002').map((m) => m.body)).toEqual(['Fish & <chips>']);
    answers['/broken'] = { status: 500, body: '<Response><Message>never sent</Message></Response>' };
    expect(await sim.sendInbound(`${receiverUrl}/broken`, { from: customer, to: SENDER, body: 'y' })).toMatchObject({
      status: 500,
      replies: [],
    });
    expect(sim.messages.some((m) => m.body === 'never sent')).toBe(false);
  });

  it('parses TwiML the way Twilio reads it (CDATA, attributes, media left out)', () => {
    expect(
      twimlMessages(
        '<Response><Message from="+15005550006"><Body><![CDATA[a < b & c]]></Body><Media>https://x/y.png</Media></Message></Response>',
      ),
    ).toEqual([{ body: 'a < b & c', from: '+15005550006', to: undefined }]);
    expect(
      twimlMessages(
        '<Response><Message>  hei <Media>https://x/y.png</Media></Message><Redirect>/next</Redirect></Response>',
      ),
    ).toEqual([{ body: 'hei', to: undefined, from: undefined }]);
    expect(twimlMessages('<Response/>')).toEqual([]);
  });

  it('answers rejectWith rules with the configured status and Twilio error, which the SDK throws as a RestException', async () => {
    sim.rejectWith('+358404000001', 429, 20429, 'Too Many Requests');
    sim.rejectWith('+358404000002', 400, 21610, 'Attempt to send to unsubscribed recipient');
    const count = sim.messages.length;
    const error = await client.messages
      .create({ to: '+358404000001', from: SENDER, body: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestException);
    expect(error).toMatchObject({
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      moreInfo: 'https://www.twilio.com/docs/errors/20429',
    });
    await expect(client.messages.create({ to: '+358404000002', from: SENDER, body: 'x' })).rejects.toMatchObject({
      status: 400,
      code: 21610,
    });
    expect(sim.messages.length).toBe(count);
    sim.clearRejections();
    expect((await client.messages.create({ to: '+358404000001', from: SENDER, body: 'x' })).status).toBe('queued');
  });

  it('lists messages through the SDK, filtered by To and From, newest first, across pages', async () => {
    const to = '+358405000001';
    const sent = [];
    for (const [from, body] of [
      [SENDER, 'yksi'],
      ['+358455550000', 'kaksi'],
      [SENDER, 'kolme'],
    ])
      sent.push(await client.messages.create({ to, from, body }));
    await sim.settle();
    const all = await client.messages.list({ to });
    expect(all.map((m) => m.body)).toEqual(['kolme', 'kaksi', 'yksi']);
    expect(all.every((m) => m.status === 'delivered' && m.to === to && m.accountSid === ACCOUNT_SID)).toBe(true);
    expect((await client.messages.list({ to, from: SENDER })).map((m) => m.sid)).toEqual([sent[2].sid, sent[0].sid]);
    expect((await client.messages.list({ to, pageSize: 1 })).map((m) => m.body)).toEqual(['kolme', 'kaksi', 'yksi']);
    expect((await client.messages.list({ to, limit: 2 })).map((m) => m.body)).toEqual(['kolme', 'kaksi']);
    expect(await client.messages.list({ to: '+358405999999' })).toEqual([]);
    const page = await client.messages.page({ to, pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    expect(page.nextPageUrl).toBe(
      `${sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?To=%2B358405000001&PageSize=2&Page=1`,
    );
  });

  it('works mounted under a path prefix, reading the stream or a body parsed upstream', async () => {
    // A connect-style mount: the prefix is stripped from req.url before handle() sees it; the stream is unread.
    let mounted!: TwilioSimulator;
    const host = http.createServer((req, res) => {
      if (!req.url!.startsWith('/dev/twilio/')) return void res.writeHead(404).end('app route');
      req.url = req.url!.slice('/dev/twilio'.length);
      void mounted.handle(req, res);
    });
    const base = await listen(host);
    mounted = new TwilioSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      callbackDelayMs: 1,
      publicUrl: `${base}/dev/twilio/`,
    });
    // Express with a urlencoded body parser in front: handle() must use req.body (the stream is spent).
    let parsedSim!: TwilioSimulator;
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    const parsedBodies: unknown[] = [];
    app.use('/dev/twilio', (req, res) => {
      if (req.method === 'POST') parsedBodies.push({ body: req.body, streamEnded: req.readableEnded });
      void parsedSim.handle(req, res);
    });
    const expressServer = http.createServer(app);
    const expressBase = await listen(expressServer);
    parsedSim = new TwilioSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      callbackDelayMs: 1,
      publicUrl: `${expressBase}/dev/twilio`,
    });
    try {
      expect(mounted.url).toBe(`${base}/dev/twilio`);
      expect(() => new TwilioSimulator({ accounts: [] }).url).toThrow(/no URL/);
      for (const server of [mounted, parsedSim]) {
        const url = server.url;
        const mountedClient = sdk(ACCOUNT_SID, AUTH_TOKEN, url);
        const message = await mountedClient.messages.create({
          to: '+358406000001',
          from: SENDER,
          body: 'Ääkköset & plussat +1',
          statusCallback: `${receiverUrl}/mounted`,
        });
        expect(message).toMatchObject({ status: 'queued', body: 'Ääkköset & plussat +1', to: '+358406000001' });
        await mountedClient.messages.create({ to: '+358406000001', from: SENDER, body: 'toinen' });
        await server.settle();
        expect(server.inbox('+358406000001').map((m) => m.body)).toEqual(['Ääkköset & plussat +1', 'toinen']);
        expect((await mountedClient.messages(message.sid).fetch()).status).toBe('delivered');
        // Paging follows next_page_uri, which must resolve under the prefix.
        expect((await mountedClient.messages.list({ to: '+358406000001', pageSize: 1 })).map((m) => m.body)).toEqual([
          'toinen',
          'Ääkköset & plussat +1',
        ]);
        await expect(sdk(ACCOUNT_SID, 'wrong', url).messages.list()).rejects.toMatchObject({
          status: 401,
          code: 20003,
        });
      }
      expect(parsedBodies).toEqual([
        { body: expect.objectContaining({ To: '+358406000001', Body: 'Ääkköset & plussat +1' }), streamEnded: true },
        { body: expect.objectContaining({ Body: 'toinen' }), streamEnded: true },
      ]);
      const callbacks = received.filter((r) => r.path === '/mounted');
      expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered', 'sent', 'delivered']);
      expect(callbacks.every((c) => validFor(AUTH_TOKEN, c))).toBe(true);
      expect(await (await fetch(`${base}/elsewhere/`)).text()).toBe('app route');
    } finally {
      await mounted.stop();
      await parsedSim.stop();
      await close(host);
      await close(expressServer);
    }
  });

  it('runs standalone with control endpoints to play the customer and read the transcript', async () => {
    const running = await startSimulatorFromEnv({ TWILIO_ACCOUNT_SID: OTHER_SID, TWILIO_AUTH_TOKEN: OTHER_TOKEN }, 0);
    try {
      expect(running.accountSid).toBe(OTHER_SID);
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running.sim.url).toBe(running.url);
      const cliClient = sdk(OTHER_SID, OTHER_TOKEN, running.url);
      const survey = await cliClient.messages.create({ to: '+358407000001', from: SENDER, body: 'Arvio 0-10?' });
      await expect(sdk(ACCOUNT_SID, AUTH_TOKEN, running.url).messages.list()).rejects.toMatchObject({ status: 401 });

      const inbound = await fetch(`${running.url}/_sim/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ webhookUrl: `${receiverUrl}/cli-sms`, from: '+358407000001', to: SENDER, body: '10' }),
      });
      expect(inbound.status).toBe(200);
      expect(await inbound.json()).toEqual({ status: 200, replies: ['Kiitos!'] });
      const delivered = received.find((r) => r.path === '/cli-sms')!;
      expect(delivered.params).toMatchObject({ From: '+358407000001', Body: '10', AccountSid: OTHER_SID });
      expect(validFor(OTHER_TOKEN, delivered)).toBe(true);

      // An unencoded "+" in the query (as typed in a shell) still finds the number.
      for (const query of ['phone=+358407000001', 'phone=%2B358407000001']) {
        const transcript = (await (await fetch(`${running.url}/_sim/messages?${query}`)).json()) as {
          phone: string;
          messages: Array<Record<string, unknown>>;
        };
        expect(transcript.phone).toBe('+358407000001');
        expect(transcript.messages.map((m) => [m.direction, m.from, m.body])).toEqual([
          ['outbound-api', SENDER, 'Arvio 0-10?'],
          ['inbound', '+358407000001', '10'],
          ['outbound-reply', SENDER, 'Kiitos!'],
        ]);
        expect(transcript.messages[0].sid).toBe(survey.sid);
      }

      const bad = await fetch(`${running.url}/_sim/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+358407000001' }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/webhookUrl, to, body/);
      const unreachable = await fetch(`${running.url}/_sim/inbound`, {
        method: 'POST',
        body: JSON.stringify({ webhookUrl: 'http://127.0.0.1:1/sms', from: '+358407000001', to: SENDER, body: 'x' }),
      });
      expect(unreachable.status).toBe(502);
      expect((await fetch(`${running.url}/_sim/nothing`)).status).toBe(404);
    } finally {
      await running.close();
    }
    expect(parseArgs(['--port', '4000', '--host=0.0.0.0'])).toEqual({ port: 4000, host: '0.0.0.0' });
    expect(() => parseArgs(['--port', 'x'])).toThrow(/not a port/);
    expect(() => parseArgs(['4000'])).toThrow(/unknown argument/);
  });

  it('starts from the compiled CLI with the dev account and prints its url as one JSON line', async () => {
    const env = { ...process.env, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_SIMULATOR_PORT: '0' };
    const child = spawn(process.execPath, ['dist/channels/twilio/simulator/simulator-cli.js'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`simulator CLI exited with ${code}`)));
      });
      const printed = JSON.parse(line) as { url: string; accountSid: string };
      expect(printed.accountSid).toBe('AC' + '0'.repeat(32));
      const devClient = sdk(printed.accountSid, 'dev-auth-token', printed.url);
      const message = await devClient.messages.create({ to: '+358408000001', from: '+15005550006', body: 'dev' });
      expect((await devClient.messages.list({ to: '+358408000001' })).map((m) => m.sid)).toEqual([message.sid]);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
