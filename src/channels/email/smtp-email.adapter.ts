import net from 'node:net';

import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

import { ChannelAdapter, OutboundEmail, SendOptions } from '../channel-adapter';
import { classifySmtpFailure } from './smtp-failure';
import { SmtpPool, SmtpSendError } from './smtp-pool';

/** After the SMTP server could not be reached, sends wait this long before one tries again. */
export const SMTP_RETRY_AFTER_MS = 5000;

/**
 * nodemailer's connection options from SMTP_URL (host, port, smtps, credentials, and options in
 * the query string such as `tls.rejectUnauthorized`), and the pool size when the URL sets
 * `maxConnections` (the URL wins over SMTP_MAX_CONNECTIONS, as it did with nodemailer's pool).
 */
export function smtpConnectionOptions(smtpUrl: string): {
  connection: SMTPConnection.Options;
  maxConnections?: number;
} {
  const { maxConnections, ...connection } = parseConnectionUrl(smtpUrl) as SMTPConnection.Options & {
    maxConnections?: unknown;
    pool?: unknown;
    maxMessages?: unknown;
  };
  delete (connection as { pool?: unknown }).pool;
  delete (connection as { maxMessages?: unknown }).maxMessages;
  const size = Number(maxConnections);
  return { connection, maxConnections: Number.isInteger(size) && size > 0 ? size : undefined };
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

/** How the SMTP adapter connects and how long it waits. */
export interface SmtpSettings {
  url: string;
  from: string;
  maxConnections: number;
  /** Deadline of each step: connecting, the greeting, each reply. */
  stepTimeoutMs: number;
  /** Deadline of a whole message. */
  messageTimeoutMs: number;
  /** How long sends wait after the server could not be reached (SMTP_RETRY_AFTER_MS). */
  retryAfterMs?: number;
}

/**
 * Delivers through SMTP on a pool of connections per process (src/channels/email/smtp-pool.ts):
 * nodemailer composes the message and speaks the protocol; the pool gives every send a deadline
 * and replaces a connection that fails. The errors say whether the server may hold the message.
 */
export class SmtpEmailAdapter implements ChannelAdapter<OutboundEmail> {
  private readonly pool: SmtpPool;
  /** Parsed at start, not per message: the send path only picks the display name. */
  private readonly from: ParsedFrom;
  private readonly retryAfterMs: number;

  constructor(settings: SmtpSettings) {
    this.from = parseFrom(settings.from);
    this.retryAfterMs = settings.retryAfterMs ?? SMTP_RETRY_AFTER_MS;
    const { connection, maxConnections } = smtpConnectionOptions(settings.url);
    this.pool = new SmtpPool({
      connection,
      maxConnections: maxConnections ?? settings.maxConnections,
      stepTimeoutMs: settings.stepTimeoutMs,
      messageTimeoutMs: settings.messageTimeoutMs,
      downForMs: this.retryAfterMs,
      // SMTP is a chatty request/response protocol: with Nagle's algorithm on (Node's default for
      // raw sockets) each small command can wait for a delayed ACK, capping a connection near 25
      // mails/s. nodemailer still does TLS (smtps or STARTTLS) on top of these sockets itself.
      prepareSocket: (socket) => {
        socket.setNoDelay(true);
        coalesceWrites(socket);
      },
    });
  }

  async send(message: OutboundEmail, options: SendOptions = {}): Promise<{ providerMessageId: string }> {
    const mime = new MailComposer({
      from: fromFor(this.from, message.fromName),
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
      messageId: message.messageId,
      attachments: message.inlineImages?.map(({ cid, filename, contentType, content }) => ({
        cid,
        filename,
        contentType,
        content,
        contentDisposition: 'inline' as const,
      })),
      // Our text is Latin-script (en, fi, sv, nb): quoted-printable is right, and saying so spares
      // nodemailer two regex scans of every part to guess it.
      textEncoding: 'quoted-printable',
    }).compile();
    const envelope = mime.getEnvelope();
    const raw = await mime.build();
    try {
      await this.pool.send(
        { from: envelope.from || this.from.address, to: envelope.to, size: raw.length },
        raw,
        options.beforeHandover,
      );
      return { providerMessageId: mime.messageId() };
    } catch (err) {
      if (!(err instanceof SmtpSendError)) throw err;
      throw classifySmtpFailure(
        { phase: err.phase, responseCode: err.responseCode, message: err.message },
        this.retryAfterMs,
      );
    }
  }

  close(): void {
    this.pool.close();
  }
}
