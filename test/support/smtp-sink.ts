import { AddressInfo } from 'node:net';

import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  /** Date.now() when the sink took the message. */
  at: number;
}

/** How the sink behaves as a server. */
export interface SmtpSinkOptions {
  /** Answer the final dot this long after it arrives (a slow MTA, spam checks). */
  ackDelayMs?: number;
  /**
   * Keep a message as soon as its final dot arrives, as Postfix does, even if the client is gone
   * before the reply: the worst case for duplicates. Off: a message whose client vanished before
   * its 250 is discarded.
   */
  keepsOnDot?: boolean;
}

/**
 * A real SMTP server inside the test. By default a message counts as delivered only once the 250
 * reply is written. `hold()` stops replying so a test can kill the sender while messages are
 * mid-transaction. `stop()` and `start(port)` take it down and bring it back on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private holding = false;
  private held: Array<() => void> = [];
  private waiters: Array<() => void> = [];
  private readonly closedSessions = new Set<string>();
  private readonly rejections = new Map<string, { code: number; times: number }>();
  port = 0;
  /** SMTP sessions opened so far: shows whether the sender pools its connections. */
  sessionCount = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  /** Listens on `port` (a free one by default; the same one again after `stop()`). */
  async start(port = this.port): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // On stop, sessions still open get 421 for any further command and are closed after this.
      closeTimeout: 500,
      onConnect: (_session, callback) => {
        this.sessionCount++;
        callback();
      },
      onClose: (session) => {
        this.closedSessions.add(session.id);
      },
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const keep = async (raw: Buffer) => {
            this.received.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed: await simpleParser(raw),
              at: Date.now(),
            });
            this.waiters.splice(0).forEach((w) => w());
          };
          if (this.options.keepsOnDot) {
            void keep(Buffer.concat(chunks)).then(() => setTimeout(() => callback(), this.options.ackDelayMs ?? 0));
            return;
          }
          const deliver = async () => {
            if (this.options.ackDelayMs) await new Promise((r) => setTimeout(r, this.options.ackDelayMs));
            if (this.closedSessions.has(session.id)) return callback(new Error('client gone'));
            const rcpt = session.envelope.rcptTo[0]?.address ?? '';
            const reject = this.rejections.get(rcpt);
            if (reject && reject.times > 0) {
              reject.times--;
              return callback(
                Object.assign(new Error(reject.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
                  responseCode: reject.code,
                }),
              );
            }
            await keep(Buffer.concat(chunks));
            callback();
          };
          if (this.holding) this.held.push(() => void deliver());
          else void deliver();
        });
      },
    });
    // A client killed mid-session resets its connection; a real MTA logs that and carries on.
    this.server.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stop acknowledging: messages that arrive now wait for their 250. */
  hold(): void {
    this.holding = true;
  }

  /** Drop the held messages whose senders died; acknowledge the rest and resume. */
  release(): void {
    this.holding = false;
    this.held.splice(0).forEach((fn) => fn());
  }

  /** Answer the next `times` messages to this recipient with an SMTP error (451 transient, 550 permanent). */
  reject(recipient: string, code: number, times = 1): void {
    this.rejections.set(recipient, { code, times });
  }

  /** Sessions that have ended (the client left or was dropped): such a session can deliver nothing more. */
  get closedSessionCount(): number {
    return this.closedSessions.size;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Resolves once `count` messages have arrived (polls on each arrival, never sleeps blindly). */
  async waitForCount(count: number, timeoutMs = 20000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} emails, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.received;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
