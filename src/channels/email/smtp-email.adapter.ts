import net from 'node:net';

import nodemailer, { Transporter } from 'nodemailer';

import { ChannelAdapter, OutboundEmail, PermanentSendError } from '../channel-adapter';

/**
 * The SMTP URL with pooling switched on. nodemailer reads transport options only from the URL when
 * given one (a second argument is message defaults), so pooling has to travel in the query string.
 * Settings the operator already put in the URL win.
 */
export function pooledSmtpUrl(smtpUrl: string, maxConnections: number): string {
  const url = new URL(smtpUrl);
  const defaults: Record<string, string> = {
    pool: 'true',
    maxConnections: String(maxConnections),
    maxMessages: 'Infinity',
  };
  for (const [key, value] of Object.entries(defaults)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * nodemailer streams a message to the socket in many small chunks, one syscall (and, with
 * TCP_NODELAY, one packet) each. Corking on the first write of a tick and uncorking on the next
 * tick sends everything written in between as one writev.
 */
export function coalesceWrites(socket: net.Socket): net.Socket {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  }) as typeof socket.write;
  return socket;
}

/** EMAIL_FROM, read once: whether it names its sender, and its bare address. */
interface ParsedFrom {
  raw: string;
  named: boolean;
  address: string;
}

function parseFrom(emailFrom: string): ParsedFrom {
  const named = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(emailFrom);
  const ownName = named?.[1].replace(/^"(.*)"$/, '$1').trim();
  return { raw: emailFrom, named: Boolean(ownName), address: (named?.[2] ?? emailFrom).trim() };
}

const fromFor = (from: ParsedFrom, fromName?: string) =>
  from.named || !fromName ? from.raw : { name: fromName, address: from.address };

/**
 * The From of one message: EMAIL_FROM as it is when it names its sender ("Acme <cx@acme.fi>"),
 * else its address under the message's own display name. nodemailer quotes and encodes the name,
 * so a name with commas or non-ASCII letters stays one header value.
 */
export function fromHeader(emailFrom: string, fromName?: string): string | { name: string; address: string } {
  return fromFor(parseFrom(emailFrom), fromName);
}

/** Delivers through SMTP with pooled connections (one transporter per process, created once). */
export class SmtpEmailAdapter implements ChannelAdapter<OutboundEmail> {
  private readonly transporter: Transporter;
  /** Parsed at start, not per message: the send path only picks the display name. */
  private readonly from: ParsedFrom;

  constructor(smtpUrl: string, from: string, maxConnections: number) {
    this.from = parseFrom(from);
    this.transporter = nodemailer.createTransport(pooledSmtpUrl(smtpUrl, maxConnections));
    // SMTP is a chatty request/response protocol: with Nagle's algorithm on (Node's default for raw
    // sockets) each small command can wait for a delayed ACK, capping a connection near 25 mails/s.
    // nodemailer's documented getSocket hook lets us hand it sockets with TCP_NODELAY; it still
    // does TLS (smtps or STARTTLS) on top of them itself.
    (this.transporter as Transporter & { getSocket: unknown }).getSocket = (
      options: { host?: string; port?: number },
      callback: (err: Error | null, socket?: { connection: net.Socket }) => void,
    ) => {
      const socket = coalesceWrites(net.connect({ host: options.host ?? 'localhost', port: options.port ?? 587 }));
      socket.setNoDelay(true);
      const failed = (err: Error) => callback(err);
      socket.once('error', failed);
      socket.once('connect', () => {
        // From here on nodemailer owns the socket and its errors; answering twice would confuse it.
        socket.removeListener('error', failed);
        callback(null, { connection: socket });
      });
    };
  }

  async send(message: OutboundEmail): Promise<{ providerMessageId: string }> {
    try {
      const info = await this.transporter.sendMail({
        from: fromFor(this.from, message.fromName),
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        messageId: message.messageId,
        // Our text is Latin-script (en, fi, sv, nb): quoted-printable is right, and saying so spares
        // nodemailer two regex scans of every part to guess it.
        textEncoding: 'quoted-printable',
      });
      return { providerMessageId: info.messageId };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx is the server's final word on this message (unknown mailbox, rejected content).
      if (code && code >= 500 && code < 600) throw new PermanentSendError(`SMTP ${code}: ${(err as Error).message}`);
      throw err;
    }
  }

  close(): void {
    this.transporter.close();
  }
}
