import http from 'node:http';
import { AddressInfo } from 'node:net';

import twilio from 'twilio';

import { SimulatedCall, TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { parseXml, textContent } from '../../src/channels/twilio/simulator/twiml-parser';

const ACCOUNT_SID = 'AC' + 'd4'.repeat(16);
const AUTH_TOKEN = 'voice-simulator-token';
const CALLER_ID = '+358451112222';
const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
const VoiceResponse = twilio.twiml.VoiceResponse;

interface Received {
  path: string;
  method: string;
  params: Record<string, string>;
  valid: boolean;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** A two-question IVR built with the SDK's own TwiML builder, as the app will build it. */
function ivrDocuments(): Record<string, string> {
  const start = new VoiceResponse();
  start.say({ voice: 'Polly.Suvi-Neural', language: 'fi-FI' }, 'Hei! Tämä on Palautteen kysely.');
  const q1 = start.gather({
    input: ['dtmf', 'speech'],
    numDigits: 2,
    finishOnKey: '#',
    timeout: 5,
    action: '/q1',
    method: 'POST',
    language: 'fi-FI',
  });
  q1.say(
    { voice: 'Polly.Suvi-Neural', language: 'fi-FI' },
    'Kuinka todennäköisesti suosittelisit meitä, 0–10? Lopeta risuaidalla.',
  );
  start.say({ voice: 'Polly.Suvi-Neural', language: 'fi-FI' }, 'Emme saaneet vastausta & lopetamme.');
  start.hangup();

  const second = new VoiceResponse();
  const q2 = second.gather({ input: ['dtmf'], numDigits: 1, timeout: 3, action: '/q2' });
  q2.say('Paina 1 jos asia ratkesi, 2 jos ei.');
  second.say('Ei vastausta.');

  const done = new VoiceResponse();
  done.say('Kiitos vastauksistasi!');
  done.hangup();
  return { '/ivr': start.toString(), '/q1': second.toString(), '/q2': done.toString() };
}

/** The real twilio SDK over HTTP against the simulator, and a small app that serves TwiML and checks every signature. */
describe('Twilio simulator: voice calls', () => {
  let sim: TwilioSimulator;
  let client: ReturnType<typeof twilio>;
  let app: http.Server;
  let appUrl: string;
  let received: Received[] = [];
  const ended: SimulatedCall[] = [];
  const documents: Record<string, string> = {};

  const requestsFor = (callSid: string, path?: string) =>
    received.filter((r) => r.params.CallSid === callSid && (path === undefined || r.path === path));
  const statuses = (callSid: string) => requestsFor(callSid, '/status').map((r) => r.params.CallStatus);
  const twimlPaths = (callSid: string) =>
    requestsFor(callSid)
      .filter((r) => !['/status', '/rec-status', '/transcribed'].includes(r.path))
      .map((r) => r.path);

  async function call(to: string, path = '/ivr', extra: Partial<Parameters<typeof client.calls.create>[0]> = {}) {
    const created = await client.calls.create({
      to,
      from: CALLER_ID,
      url: `${appUrl}${path}`,
      statusCallback: `${appUrl}/status`,
      statusCallbackEvent: ALL_EVENTS,
      ...extra,
    });
    await sim.settle();
    return created;
  }

  beforeAll(async () => {
    Object.assign(documents, ivrDocuments());
    sim = await new TwilioSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      callbackDelayMs: 1,
      onCall: (c) => ended.push(c),
    }).start();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.api.baseUrl = sim.url;
    app = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const full = new URL(appUrl + req.url!);
        const signature = String(req.headers['x-twilio-signature']);
        const isGet = req.method === 'GET';
        const params = Object.fromEntries(isGet ? full.searchParams : new URLSearchParams(body));
        // Twilio signs a GET over the full URL with no body parameters, a POST over the URL plus the sorted form.
        const valid = twilio.validateRequest(AUTH_TOKEN, signature, full.toString(), isGet ? {} : params);
        received.push({ path: full.pathname, method: req.method!, params, valid });
        if (!valid) return void res.writeHead(403).end();
        const doc = documents[full.pathname] ?? '<?xml version="1.0" encoding="UTF-8"?><Response/>';
        res.writeHead(200, { 'content-type': 'text/xml' }).end(doc);
      });
    });
    appUrl = await listen(app);
  });

  beforeEach(() => {
    received = [];
  });

  afterAll(async () => {
    await sim.stop();
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
  });

  it('creates a call like Twilio (201, CA sid, queued) and posts signed progress callbacks in order', async () => {
    sim.scriptCall('+358401000001', [{ press: '10#' }, { press: '1' }]);
    const created = await client.calls.create({
      to: '+358401000001',
      from: CALLER_ID,
      url: `${appUrl}/ivr`,
      statusCallback: `${appUrl}/status`,
      statusCallbackEvent: ALL_EVENTS,
      timeout: 20,
    });
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      status: 'queued',
      direction: 'outbound-api',
      to: '+358401000001',
      from: CALLER_ID,
      accountSid: ACCOUNT_SID,
      apiVersion: '2010-04-01',
    });
    expect(created.dateCreated).toBeInstanceOf(Date);
    await sim.settle();

    const callbacks = requestsFor(created.sid, '/status');
    expect(callbacks.map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(callbacks.map((c) => c.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    expect(callbacks.every((c) => c.valid && c.method === 'POST')).toBe(true);
    for (const c of callbacks) {
      expect(c.params).toMatchObject({
        AccountSid: ACCOUNT_SID,
        From: CALLER_ID,
        To: '+358401000001',
        Direction: 'outbound-api',
        CallbackSource: 'call-progress-events',
      });
      expect(Number.isNaN(Date.parse(c.params.Timestamp))).toBe(false);
    }
    expect(Number(callbacks[3].params.CallDuration)).toBeGreaterThan(0);

    // The answered call fetched its TwiML, then the action of each <Gather>, every request signed.
    expect(twimlPaths(created.sid)).toEqual(['/ivr', '/q1', '/q2']);
    expect(received.every((r) => r.valid)).toBe(true);
    expect(requestsFor(created.sid, '/ivr')[0].params).toMatchObject({
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
      AccountSid: ACCOUNT_SID,
    });
    expect(requestsFor(created.sid, '/ivr')[0].params.AnsweredBy).toBeUndefined();
    expect(requestsFor(created.sid, '/q1')[0].params).toMatchObject({ Digits: '10', FinishedOnKey: '' }); // numDigits=2 reached before '#'
    expect(requestsFor(created.sid, '/q2')[0].params).toMatchObject({ Digits: '1' });

    const fetched = await client.calls(created.sid).fetch();
    expect(fetched).toMatchObject({
      status: 'completed',
      duration: callbacks[3].params.CallDuration,
      direction: 'outbound-api',
    });
    expect(fetched.startTime).toBeInstanceOf(Date);
    expect(fetched.endTime).toBeInstanceOf(Date);
    expect((await client.calls.list({ to: '+358401000001' })).map((c) => c.sid)).toEqual([created.sid]);

    const suvi = { voice: 'Polly.Suvi-Neural', language: 'fi-FI' };
    expect(sim.callTranscript(created.sid)).toEqual([
      { kind: 'say', text: 'Hei! Tämä on Palautteen kysely.', ...suvi },
      { kind: 'gather', input: 'dtmf speech', numDigits: 2, finishOnKey: '#', timeout: 5, language: 'fi-FI' },
      { kind: 'say', text: 'Kuinka todennäköisesti suosittelisit meitä, 0–10? Lopeta risuaidalla.', ...suvi },
      { kind: 'pressed', digits: '10' },
      { kind: 'gather', input: 'dtmf', numDigits: 1, finishOnKey: '#', timeout: 3 },
      { kind: 'say', text: 'Paina 1 jos asia ratkesi, 2 jos ei.' },
      { kind: 'pressed', digits: '1' },
      { kind: 'say', text: 'Kiitos vastauksistasi!' },
      { kind: 'hangup', by: 'twiml' },
      { kind: 'end', status: 'completed', duration: Number(fetched.duration) },
    ]);
    const mirrored = ended.find((c) => c.sid === created.sid)!;
    expect(mirrored.status).toBe('completed');
    expect(mirrored.transcript).toBe(sim.callTranscript(created.sid));
    expect(sim.calls.map((c) => c.sid)).toContain(created.sid);
  });

  it('stops at numDigits or waits out the timeout without a finish key, and hears speech', async () => {
    documents['/two-digits'] = new VoiceResponse()
      .gather({ numDigits: 2, finishOnKey: '', timeout: 4, action: '/got' })
      .toString();
    sim.scriptCall('+358401000002', [{ press: '7' }]);
    const short = await call('+358401000002', '/two-digits');
    expect(requestsFor(short.sid, '/got')[0].params).toMatchObject({ Digits: '7', FinishedOnKey: '' });
    expect(sim.callTranscript(short.sid).slice(0, 2)).toEqual([
      { kind: 'gather', input: 'dtmf', numDigits: 2, finishOnKey: '', timeout: 4 },
      { kind: 'pressed', digits: '7' },
    ]);

    sim.scriptCall('+358401000003', [{ press: '1234#' }]);
    const long = await call('+358401000003', '/two-digits');
    expect(requestsFor(long.sid, '/got')[0].params.Digits).toBe('12');

    sim.scriptCall('+358401000004', [{ say: 'yhdeksän' }, { hangup: true }]);
    const spoken = await call('+358401000004');
    const q1 = requestsFor(spoken.sid, '/q1')[0];
    expect(q1.params).toMatchObject({ SpeechResult: 'yhdeksän', Confidence: '0.9' });
    expect(q1.params.Digits).toBeUndefined();
    expect(sim.callTranscript(spoken.sid)).toContainEqual({ kind: 'said', speech: 'yhdeksän' });
  });

  it('on silence runs the verb after the <Gather>, not its action', async () => {
    sim.scriptCall('+358401000005', [{ silence: true }]);
    const silent = await call('+358401000005');
    expect(twimlPaths(silent.sid)).toEqual(['/ivr']);
    const transcript = sim.callTranscript(silent.sid);
    expect(transcript.slice(3)).toEqual([
      { kind: 'silence' },
      { kind: 'say', text: 'Emme saaneet vastausta & lopetamme.', voice: 'Polly.Suvi-Neural', language: 'fi-FI' },
      { kind: 'hangup', by: 'twiml' },
      { kind: 'end', status: 'completed', duration: expect.any(Number) },
    ]);
    expect(statuses(silent.sid)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);

    // Speech to a keypad-only question is no input either; the document running out ends the call.
    sim.scriptCall('+358401000006', [{ press: '5#' }, { say: 'ehkä' }]);
    const unheard = await call('+358401000006');
    expect(twimlPaths(unheard.sid)).toEqual(['/ivr', '/q1']);
    expect(requestsFor(unheard.sid, '/q1')[0].params).toMatchObject({ Digits: '5', FinishedOnKey: '#' }); // the finish key is not a digit
    expect(sim.callTranscript(unheard.sid).slice(-4)).toEqual([
      { kind: 'silence' },
      { kind: 'say', text: 'Ei vastausta.' },
      { kind: 'hangup', by: 'end' },
      { kind: 'end', status: 'completed', duration: expect.any(Number) },
    ]);
  });

  it('records a message: action with RecordingUrl/Duration, recording status and transcription callbacks', async () => {
    const doc = new VoiceResponse();
    doc.say('Kerro vapaasti palautteesi äänimerkin jälkeen.');
    doc.record({
      maxLength: 60,
      finishOnKey: '#',
      action: '/recorded',
      recordingStatusCallback: '/rec-status',
      transcribe: true,
      transcribeCallback: '/transcribed',
    });
    documents['/record'] = doc.toString();
    documents['/recorded'] = '<Response><Say>Kiitos.</Say><Hangup/></Response>';
    sim.scriptCall('+358401000007', [{ record: { seconds: 12, transcription: 'Palvelu oli nopeaa.' } }]);
    const recorded = await call('+358401000007', '/record');

    const action = requestsFor(recorded.sid, '/recorded')[0];
    expect(action.valid).toBe(true);
    expect(action.params).toMatchObject({
      RecordingDuration: '12',
      Digits: '#',
      RecordingSid: expect.stringMatching(/^RE[0-9a-f]{32}$/),
    });
    expect(action.params.RecordingUrl).toBe(
      `${sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${action.params.RecordingSid}`,
    );
    const audio = await fetch(`${action.params.RecordingUrl}.wav`);
    expect(audio.status).toBe(200);
    expect((await audio.arrayBuffer()).byteLength).toBe(44 + 12 * 8000);

    const transcription = requestsFor(recorded.sid, '/transcribed')[0];
    expect(transcription.valid).toBe(true);
    expect(transcription.params).toMatchObject({
      TranscriptionText: 'Palvelu oli nopeaa.',
      TranscriptionStatus: 'completed',
      RecordingSid: action.params.RecordingSid,
      RecordingUrl: action.params.RecordingUrl,
    });
    expect(requestsFor(recorded.sid, '/rec-status')[0].params).toMatchObject({
      RecordingStatus: 'completed',
      RecordingDuration: '12',
      RecordingSid: action.params.RecordingSid,
    });
    expect(sim.callTranscript(recorded.sid)).toContainEqual({
      kind: 'record',
      seconds: 12,
      recordingSid: action.params.RecordingSid,
      recordingUrl: action.params.RecordingUrl,
      transcription: 'Palvelu oli nopeaa.',
    });
    expect(statuses(recorded.sid).at(-1)).toBe('completed');

    // Hanging up ends the recording: the action still hears of it (Digits=hangup), then the call is over.
    sim.scriptCall('+358401000008', [{ record: { seconds: 4, hangup: true } }]);
    const hungUp = await call('+358401000008', '/record');
    expect(requestsFor(hungUp.sid, '/recorded')[0].params).toMatchObject({ Digits: 'hangup', RecordingDuration: '4' });
    expect(requestsFor(hungUp.sid, '/transcribed')).toEqual([]); // the script gave no transcription
    expect(sim.callTranscript(hungUp.sid).slice(-2)).toEqual([
      { kind: 'hangup', by: 'caller' },
      { kind: 'end', status: 'completed', duration: expect.any(Number) },
    ]);
    expect(sim.callTranscript(hungUp.sid)).not.toContainEqual({ kind: 'say', text: 'Kiitos.' });
  });

  it('follows <Redirect> (relative, GET, signed over the full URL)', async () => {
    documents['/hop'] =
      '<Response><Say>Siirretään.</Say><Redirect method="GET">/ivr-get?lang=fi&amp;step=1</Redirect><Say>never</Say></Response>';
    documents['/ivr-get'] = '<Response><Say>Perillä.</Say></Response>';
    const redirected = await call('+358401000009', '/hop');
    const hop = requestsFor(redirected.sid, '/ivr-get')[0];
    expect(hop).toMatchObject({ method: 'GET', valid: true });
    expect(hop.params).toMatchObject({ lang: 'fi', step: '1', CallStatus: 'in-progress' });
    expect(sim.callTranscript(redirected.sid).map((e) => (e.kind === 'say' ? e.text : e.kind))).toEqual([
      'Siirretään.',
      'redirect',
      'Perillä.',
      'hangup',
      'end',
    ]);
  });

  it('ends with a completed callback when the caller hangs up mid-call, or when the script runs out', async () => {
    sim.scriptCall('+358401000010', [{ press: '9#' }, { hangup: true }]);
    const hungUp = await call('+358401000010');
    expect(twimlPaths(hungUp.sid)).toEqual(['/ivr', '/q1']);
    expect(statuses(hungUp.sid)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(sim.callTranscript(hungUp.sid).slice(-2)).toEqual([
      { kind: 'hangup', by: 'caller' },
      { kind: 'end', status: 'completed', duration: expect.any(Number) },
    ]);

    // No script: answered, then hangs up at the first question.
    const unscripted = await call('+358401000011');
    expect(twimlPaths(unscripted.sid)).toEqual(['/ivr']);
    expect(sim.callTranscript(unscripted.sid).at(-2)).toEqual({ kind: 'hangup', by: 'caller' });
  });

  it.each(['busy', 'no-answer', 'failed'] as const)(
    'a %s callee gets only the final status and no TwiML is fetched',
    async (outcome) => {
      const to = `+35840200000${['busy', 'no-answer', 'failed'].indexOf(outcome)}`;
      sim.scriptCall(to, { outcome, actions: [{ press: '1#' }] });
      const unanswered = await call(to);
      expect(statuses(unanswered.sid)).toEqual(['initiated', 'ringing', outcome]);
      expect(requestsFor(unanswered.sid, '/status').every((r) => r.valid)).toBe(true);
      expect(requestsFor(unanswered.sid, '/status').at(-1)!.params.CallDuration).toBe('0');
      expect(twimlPaths(unanswered.sid)).toEqual([]);
      const fetched = await client.calls(unanswered.sid).fetch();
      expect(fetched).toMatchObject({ status: outcome, duration: '0', startTime: null });
      expect(sim.callTranscript(unanswered.sid)).toEqual([{ kind: 'end', status: outcome, duration: 0 }]);
      expect(ended.find((c) => c.sid === unanswered.sid)?.status).toBe(outcome);
    },
  );

  it('sends only the requested events (default: just the final one)', async () => {
    const created = await client.calls.create({
      to: '+358401000012',
      from: CALLER_ID,
      url: `${appUrl}/ivr`,
      statusCallback: `${appUrl}/status`,
    });
    await sim.settle();
    expect(statuses(created.sid)).toEqual(['completed']);
    expect(requestsFor(created.sid, '/status')[0].params.SequenceNumber).toBe('0');
  });

  it('tells the app AnsweredBy when machine detection was requested', async () => {
    sim.scriptCall('+358401000013', { outcome: 'machine' });
    const machine = await call('+358401000013', '/ivr', { machineDetection: 'Enable' });
    expect(requestsFor(machine.sid, '/ivr')[0].params.AnsweredBy).toBe('machine_start');
    expect((await client.calls(machine.sid).fetch()).answeredBy).toBe('machine_start');

    const human = await call('+358401000014', '/ivr', { machineDetection: 'Enable' });
    expect(requestsFor(human.sid, '/ivr')[0].params.AnsweredBy).toBe('human');
  });

  it('cuts off a TwiML loop at 100 fetches and says so in the transcript', async () => {
    documents['/loop'] = '<Response><Say>Taas.</Say><Redirect>/loop</Redirect></Response>';
    const looping = await call('+358401000015', '/loop');
    expect(twimlPaths(looping.sid)).toHaveLength(100);
    const transcript = sim.callTranscript(looping.sid);
    expect(transcript.slice(-3)).toEqual([
      { kind: 'error', reason: 'loop', message: expect.stringContaining('100') },
      { kind: 'hangup', by: 'error' },
      { kind: 'end', status: 'completed', duration: expect.any(Number) },
    ]);
    expect(statuses(looping.sid).at(-1)).toBe('completed');
  });

  it('ends the call on an unusable answer from the app', async () => {
    documents['/not-twiml'] = '{"oops": true}';
    const broken = await call('+358401000016', '/not-twiml');
    expect(sim.callTranscript(broken.sid)[0]).toMatchObject({ kind: 'error', reason: 'twiml' });
    const unreachable = await call('+358401000017', '/x', { url: 'http://127.0.0.1:1/ivr' });
    expect(sim.callTranscript(unreachable.sid)[0]).toMatchObject({ kind: 'error', reason: 'fetch' });
    expect(statuses(unreachable.sid).at(-1)).toBe('completed');
  });

  it('refuses what Twilio refuses: bad To (21211), no From (21213), no Url (21205), wrong credentials (20003)', async () => {
    const base = { to: '+358401000099', from: CALLER_ID, url: `${appUrl}/ivr` };
    await expect(client.calls.create({ ...base, to: '0401234567' })).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });
    await expect(client.calls.create({ ...base, from: '' })).rejects.toMatchObject({ status: 400, code: 21213 });
    await expect(client.calls.create({ to: base.to, from: CALLER_ID })).rejects.toMatchObject({
      status: 400,
      code: 21205,
    });
    const stranger = twilio(ACCOUNT_SID, 'wrong-token');
    stranger.api.baseUrl = sim.url;
    await expect(stranger.calls.create(base)).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(stranger.calls.list()).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(client.calls('CA' + '0'.repeat(32)).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(sim.calls.some((c) => c.to === base.to)).toBe(false);
    expect(() => sim.callTranscript('CA' + '0'.repeat(32))).toThrow(/no call/);
  });

  it('runs an inline Twiml parameter instead of a Url', async () => {
    const twiml = new VoiceResponse();
    twiml.say({ language: 'fi-FI' }, 'Suora viesti.');
    const inline = await client.calls.create({ to: '+358401000018', from: CALLER_ID, twiml });
    await sim.settle();
    expect(sim.callTranscript(inline.sid)).toEqual([
      { kind: 'say', text: 'Suora viesti.', language: 'fi-FI' },
      { kind: 'hangup', by: 'end' },
      { kind: 'end', status: 'completed', duration: 1 },
    ]);
  });

  it('parses the TwiML subset robustly', () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Response [<!ENTITY x "y">]>\n<!-- <Hangup/> -->\n` +
        `<Response><Say voice='Polly.Suvi-Neural' language="fi-FI">A &amp; B &lt;3 &quot;q&quot; &apos;s&apos; &#228;&#x1F44D; <![CDATA[<raw> &amp;]]></Say>` +
        `<Pause length=2 /><Gather action="/a?x=1&amp;y=2"><Say>in</Say></Gather><Hangup/></Response>`,
    );
    const response = doc.children.find((c) => typeof c !== 'string' && c.name === 'Response');
    expect(response).toBeDefined();
    if (!response || typeof response === 'string') return;
    const verbs = response.children.filter((c) => typeof c !== 'string');
    expect(verbs.map((v) => (typeof v === 'string' ? v : v.name))).toEqual(['Say', 'Pause', 'Gather', 'Hangup']);
    const [say, pause, gather] = verbs as Array<Exclude<(typeof verbs)[number], string>>;
    expect(say.attributes).toEqual({ voice: 'Polly.Suvi-Neural', language: 'fi-FI' });
    expect(textContent(say)).toBe('A & B <3 "q" \'s\' ä👍 <raw> &amp;');
    expect(pause.attributes).toEqual({ length: '2' });
    expect(gather.attributes.action).toBe('/a?x=1&y=2');
    expect(textContent(gather)).toBe('in');
    // Malformed input never throws: stray "<", an unmatched end tag, an unclosed element.
    const messy = parseXml('<Response><Say>1 < 2</Nope></Say><Gather numDigits="1"><Say>open');
    expect(textContent(messy)).toBe('1 < 2open');
  });
});
