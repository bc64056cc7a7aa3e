import { createHash } from 'node:crypto';

import twilio, { getExpectedTwilioSignature } from 'twilio';

/** Talks to bench/twilio-sim-process over the simulator's own port (/_bench/…). */
export interface SimStats {
  outbound: { count: number; firstAt: number | null; lastAt: number | null; other: number };
  callbacks: {
    started: number;
    finished: number;
    failed: number;
    byStatus: Record<string, number>;
    lastFinishedAt: number | null;
    failures: Array<{ status: number; body: string }>;
  };
  storedMessages: number;
}

export class SimClient {
  constructor(readonly url: string) {}

  async stats(): Promise<SimStats> {
    const res = await fetch(`${this.url}/_bench/stats`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`simulator /_bench/stats answered ${res.status}`);
    return (await res.json()) as SimStats;
  }

  /** Forgets the messages and zeroes the counters; `callbacks` turns posting status callbacks on or off from now on. */
  async reset(callbacks?: boolean): Promise<void> {
    const query = callbacks === undefined ? '' : `?callbacks=${callbacks ? 1 : 0}`;
    const res = await fetch(`${this.url}/_bench/reset${query}`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`simulator /_bench/reset answered ${res.status}`);
  }
}

/** A Finnish mobile number per index (+35840 and 7 digits), and a language per index. */
export const benchPhone = (i: number) => `+35840${String(2_000_000 + i).padStart(7, '0')}`;
export const LOCALES = ['fi', 'sv', 'nb', 'en'] as const;
export const benchLocale = (i: number) => LOCALES[i % LOCALES.length];

/** An NPS question in four languages with a follow-up for detractors and one for the rest (as in the SMS e2e test). */
export const BENCH_SMS_SURVEY = {
  name: 'Bench SMS NPS',
  defaultLocale: 'en',
  questions: [
    {
      id: 'q1',
      type: 'nps',
      text: {
        en: 'How likely are you to recommend Bench Co to a friend?',
        fi: 'Kuinka todennäköisesti suosittelisit Bench Co:ta ystävällesi?',
        sv: 'Hur troligt är det att du rekommenderar Bench Co till en vän?',
        nb: 'Hvor sannsynlig er det at du anbefaler Bench Co til en venn?',
      },
    },
    {
      id: 'better',
      type: 'text',
      text: {
        en: 'What could we do better?',
        fi: 'Mitä voisimme tehdä paremmin?',
        sv: 'Vad kan vi göra bättre?',
        nb: 'Hva kan vi gjøre bedre?',
      },
      showIf: { question: 'q1', lte: 6 },
    },
    {
      id: 'best',
      type: 'text',
      text: {
        en: 'What did you like most?',
        fi: 'Mistä pidit eniten?',
        sv: 'Vad tyckte du bäst om?',
        nb: 'Hva likte du best?',
      },
      showIf: { question: 'q1', gte: 7 },
    },
  ],
};

export interface RawSdkResult {
  messages: number;
  failed: number;
  firstError?: string;
  seconds: number;
  messagesPerSecond: number;
  inFlight: number;
  withStatusCallback: boolean;
}

/**
 * The twilio SDK alone against the simulator: `messages` creates with `inFlight` outstanding, timed
 * from the first call to the last answer after a short untimed warm-up (connections, JIT). With
 * `statusCallback`, the simulator also posts its two signed callbacks per message there, as it
 * does for the service.
 */
export async function rawSdkBaseline(opts: {
  simUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  messages: number;
  inFlight: number;
  statusCallback?: string;
  warmup?: number;
}): Promise<RawSdkResult> {
  const client = twilio(opts.accountSid, opts.authToken, { autoRetry: false, timeout: 15000 });
  client.api.baseUrl = opts.simUrl;
  const body =
    'Bench Co: Kuinka todennäköisesti suosittelisit Bench Co:ta ystävällesi? Vastaa 0-10. Vastaa LOPETA, jos et halua enää viestejä.';
  let failed = 0;
  let firstError: string | undefined;
  const run = async (amount: number, offset: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(opts.inFlight, amount) }, async () => {
        while (next < amount) {
          const i = offset + next++;
          try {
            await client.messages.create({
              to: benchPhone(900_000 + i),
              from: opts.from,
              body,
              statusCallback: opts.statusCallback,
            });
          } catch (err) {
            failed += 1;
            firstError ??= (err as Error).message;
          }
        }
      }),
    );
  };
  await run(opts.warmup ?? 200, 0);
  failed = 0;
  const startedAt = performance.now();
  await run(opts.messages, 10_000);
  const seconds = (performance.now() - startedAt) / 1000;
  const ok = opts.messages - failed;
  return {
    messages: ok,
    failed,
    firstError,
    seconds,
    messagesPerSecond: ok / seconds,
    inFlight: opts.inFlight,
    withStatusCallback: Boolean(opts.statusCallback),
  };
}

// What customers text back, per language. Turn 0 answers the NPS question (digits, number words,
// a score with a comment); turn 1 answers the follow-up; later turns find no open survey.
const SCORES: Record<string, string[]> = {
  fi: ['9', 'yhdeksän', '8, jonotus kesti', 'kymmenen', '3', 'kasi'],
  sv: ['nio', '10', 'åtta, snabb leverans', '4', 'tio', '7'],
  nb: ['åtte', '9', 'ti', '2, for treg levering', 'syv', '10'],
  en: ['nine', '10', '7', '5, it was slow', 'eight', '9 out of 10'],
};
const FOLLOW_UPS: Record<string, string[]> = {
  fi: ['Kuljettaja oli ystävällinen', 'Toimitus oli nopea', 'Paketti oli myöhässä'],
  sv: ['Chauffören var trevlig', 'Leveransen var snabb', 'Paketet kom sent'],
  nb: ['Sjåføren var hyggelig', 'Leveransen var rask', 'Pakken kom sent'],
  en: ['The driver was friendly', 'Delivery was quick', 'The parcel was late'],
};
const AFTERWARDS: Record<string, string[]> = {
  fi: ['kiitos vielä', 'Hyvää päivänjatkoa!'],
  sv: ['tack igen', 'Ha en bra dag!'],
  nb: ['takk igjen', 'Ha en fin dag!'],
  en: ['thanks again', 'Have a nice day!'],
};

/**
 * Signed inbound replies, as Twilio posts them, spread round-robin over `contacts` contacts: request
 * k comes from contact k % contacts, as its turn ⌊k / contacts⌋ (0 = the score, 1 = the follow-up
 * answer, 2+ = a text after the survey ended). Each has a MessageSid of its own. The signature is
 * over `publicBaseUrl + path` and every parameter, so `publicBaseUrl` must be the URL requests hit.
 */
export class InboundReplies {
  private seq = 0;
  /** Requests built so far per turn (index = turn). */
  readonly byTurn: number[] = [];
  private readonly sidPrefix: string;

  constructor(
    private readonly opts: {
      contacts: number;
      accountSid: string;
      authToken: string;
      to: string;
      publicBaseUrl: string;
      path: string;
      runId: string;
    },
  ) {
    this.sidPrefix = createHash('sha256').update(opts.runId).digest('hex').slice(0, 16);
  }

  get built(): number {
    return this.seq;
  }

  next(): { body: string; headers: Record<string, string> } {
    const k = this.seq++;
    const contact = k % this.opts.contacts;
    const turn = Math.floor(k / this.opts.contacts);
    this.byTurn[turn] = (this.byTurn[turn] ?? 0) + 1;
    const locale = benchLocale(contact);
    const texts = turn === 0 ? SCORES[locale] : turn === 1 ? FOLLOW_UPS[locale] : AFTERWARDS[locale];
    const text = texts[(contact + turn) % texts.length];
    const sid = `SM${this.sidPrefix}${k.toString(16).padStart(16, '0')}`;
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: sid,
      NumMedia: '0',
      FromCountry: 'FI',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: text,
      To: this.opts.to,
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: this.opts.accountSid,
      From: benchPhone(contact),
      ApiVersion: '2010-04-01',
    };
    const signature = getExpectedTwilioSignature(this.opts.authToken, this.opts.publicBaseUrl + this.opts.path, params);
    return {
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'user-agent': 'TwilioProxy/1.1',
      },
    };
  }
}
