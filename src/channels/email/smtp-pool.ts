import net from 'node:net';
import { Readable } from 'node:stream';

import SMTPConnection from 'nodemailer/lib/smtp-connection';

/** How far a failed send got: only `handed-over` (the final dot was sent) can leave the message with the server. */
export type SmtpPhase = 'connect' | 'transaction' | 'handed-over';

/** A send that failed, with where it failed and what the server last said (if anything). */
export class SmtpSendError extends Error {
  constructor(
    readonly phase: SmtpPhase,
    readonly cause: SMTPConnection.SMTPError,
    /** A deadline ran out (ours or nodemailer's), rather than the server answering or hanging up. */
    readonly timedOut: boolean,
  ) {
    super(cause.message);
  }

  get responseCode(): number | undefined {
    return this.cause.responseCode;
  }
}

export interface SmtpPoolOptions {
  /** What SMTP_URL says: host, port, secure, auth, tls and the other nodemailer connection options. */
  connection: SMTPConnection.Options;
  maxConnections: number;
  /** The deadline of each step: the TCP connect, the greeting, each reply (nodemailer's idle timeout). */
  stepTimeoutMs: number;
  /** The deadline of a whole send, from the call to the server's final reply, waiting for a connection included. */
  messageTimeoutMs: number;
  /** After a connection attempt fails, sends fail at once for this long instead of each trying again. */
  downForMs: number;
  /** Readies each new TCP socket before nodemailer takes it (TCP_NODELAY, write coalescing). */
  prepareSocket?: (socket: net.Socket) => void;
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
  size?: number;
}

const smtpError = (message: string, code: string): SMTPConnection.SMTPError =>
  Object.assign(new Error(message), { code });

/**
 * One pooled connection. nodemailer's SMTPConnection reports a dropped socket or a timeout as an
 * `error` event, not through the callback of the command in flight, so the operation in flight
 * registers here to hear about it.
 */
class PooledConnection {
  dead = false;
  messages = 0;
  /** The current message reached its final step (the hook before the dot). */
  handing = false;
  private onFailure?: (err: SMTPConnection.SMTPError) => void;

  constructor(
    readonly smtp: SMTPConnection,
    private readonly socket: net.Socket,
    private readonly onDead: (conn: PooledConnection) => void,
  ) {
    smtp.on('error', (err) => this.fail(err));
    smtp.once('end', () => this.fail(smtpError('SMTP connection closed', 'ECONNECTION')));
  }

  /** Runs one nodemailer call; a connection failure while it runs fails it too. */
  run<T>(call: (done: (err?: SMTPConnection.SMTPError | null, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.dead) return reject(smtpError('SMTP connection closed', 'ECONNECTION'));
      this.onFailure = reject;
      call((err, value) => {
        this.onFailure = undefined;
        if (err) reject(err);
        else resolve(value as T);
      });
    });
  }

  watch(onFailure: ((err: SMTPConnection.SMTPError) => void) | undefined): void {
    this.onFailure = onFailure;
  }

  /** Closes at once: a message cut off before its final dot is discarded by the server. */
  destroy(): void {
    this.smtp.close();
    this.socket.destroy();
    this.fail(smtpError('SMTP connection closed', 'ECONNECTION'));
  }

  quit(): void {
    if (!this.dead) this.smtp.quit();
  }

  private fail(err: SMTPConnection.SMTPError): void {
    if (!this.dead) {
      this.dead = true;
      this.onDead(this);
    }
    const onFailure = this.onFailure;
    this.onFailure = undefined;
    onFailure?.(err);
  }
}

type Waiter = (grant: { conn: PooledConnection } | { slot: true } | { error: SMTPConnection.SMTPError }) => void;

/**
 * A pool of SMTP connections (nodemailer's SMTPConnection speaks the protocol) that cannot wedge:
 * every send has a deadline, a connection that fails or times out is destroyed and its slot freed
 * at once, and a failed connection attempt fails the waiting sends fast (for `downForMs`) rather
 * than queueing them behind it. A send can run a step just before its final dot (`beforeHandover`),
 * so the caller can record durably that the server may now hold the message.
 */
export class SmtpPool {
  private readonly idle: PooledConnection[] = [];
  private readonly waiters: Waiter[] = [];
  private open = 0;
  private closed = false;
  private downUntil = 0;
  private lastConnectError?: SMTPConnection.SMTPError;

  constructor(private readonly options: SmtpPoolOptions) {}

  /** Sends one message; resolves with the server's final reply, or rejects with an SmtpSendError (or the hook's error). */
  async send(envelope: SmtpEnvelope, message: Buffer, beforeHandover?: () => Promise<void>): Promise<string> {
    const deadline = Date.now() + this.options.messageTimeoutMs;
    let retried = false;
    for (;;) {
      const conn = await this.acquire(deadline);
      const reused = conn.messages > 0;
      try {
        const reply = await this.transact(conn, envelope, message, beforeHandover, deadline);
        conn.messages++;
        this.release(conn);
        return reply;
      } catch (err) {
        // Whatever went wrong, this connection is not trusted with another message.
        conn.destroy();
        // A kept connection the server had already closed fails at its first command: once, try a fresh one.
        const staleAtStart =
          err instanceof SmtpSendError && err.phase === 'transaction' && !err.responseCode && !err.timedOut;
        if (staleAtStart && reused && !retried && !conn.handing) {
          retried = true;
          continue;
        }
        throw err;
      }
    }
  }

  /** Closes idle connections now and busy ones when their message is done; sends after this fail. */
  close(): void {
    this.closed = true;
    for (const conn of this.idle.splice(0)) conn.quit();
    for (const w of this.waiters.splice(0)) w({ error: smtpError('SMTP pool closed', 'ECONNECTION') });
  }

  private acquire(deadline: number): Promise<PooledConnection> {
    const connectFailure = (err: SMTPConnection.SMTPError, timedOut = err.code === 'ETIMEDOUT') =>
      new SmtpSendError('connect', err, timedOut);
    if (this.closed) return Promise.reject(connectFailure(smtpError('SMTP pool closed', 'ECONNECTION')));
    if (Date.now() < this.downUntil && this.lastConnectError)
      return Promise.reject(connectFailure(this.lastConnectError));
    const conn = this.idle.pop();
    if (conn) return Promise.resolve(conn);
    if (this.open < this.options.maxConnections) return this.connect(deadline);
    return new Promise<PooledConnection>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(connectFailure(smtpError('no SMTP connection came free before the deadline', 'ETIMEDOUT'), true));
        },
        Math.max(0, deadline - Date.now()),
      );
      const waiter: Waiter = (grant) => {
        clearTimeout(timer);
        if ('conn' in grant) resolve(grant.conn);
        else if ('slot' in grant) this.connect(deadline).then(resolve, reject);
        else reject(connectFailure(grant.error));
      };
      this.waiters.push(waiter);
    });
  }

  /** Opens a connection in a slot counted as open; a failure frees the slot and fails the waiting sends fast. */
  private async connect(deadline: number): Promise<PooledConnection> {
    this.open++;
    let conn: PooledConnection | undefined;
    const timeoutMs = Math.max(0, Math.min(this.options.stepTimeoutMs, deadline - Date.now()));
    try {
      const socket = await this.openSocket(timeoutMs);
      conn = new PooledConnection(
        new SMTPConnection({
          ...this.options.connection,
          connection: socket,
          connectionTimeout: this.options.stepTimeoutMs,
          greetingTimeout: this.options.stepTimeoutMs,
          socketTimeout: this.options.stepTimeoutMs,
        }),
        socket,
        (dead) => this.forget(dead),
      );
      const live = conn;
      await this.withDeadline(live, deadline, 'connect', () => live.run<void>((done) => live.smtp.connect(done)));
      const auth = this.options.connection.auth;
      // As nodemailer's own pool: log in when the server offers AUTH (and we have credentials).
      if (auth && (live.smtp as SMTPConnection & { allowsAuth?: boolean }).allowsAuth) {
        // nodemailer reads an optional `method` (SMTP_URL's authMethod) beside the credentials.
        const login = { ...auth, method: this.options.connection.authMethod } as unknown as SMTPConnection.Credentials;
        await this.withDeadline(live, deadline, 'connect', () =>
          live.run<void>((done) => live.smtp.login(login, done)),
        );
      }
      return live;
    } catch (err) {
      const cause = err as SMTPConnection.SMTPError;
      const failure =
        err instanceof SmtpSendError ? err : new SmtpSendError('connect', cause, cause.code === 'ETIMEDOUT');
      // The server is down or refuses us: say so to every send waiting, before the slot is freed.
      // A connect cut short by this message's own deadline says nothing about the server.
      if (!(failure.timedOut && timeoutMs < this.options.stepTimeoutMs)) this.markDown(failure.cause);
      if (conn) conn.destroy();
      else this.forgetSlot();
      throw failure;
    }
  }

  private openSocket(timeoutMs: number): Promise<net.Socket> {
    const { host = 'localhost', port = this.options.connection.secure ? 465 : 587 } = this.options.connection;
    return new Promise<net.Socket>((resolve, reject) => {
      const socket = new net.Socket();
      this.options.prepareSocket?.(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(smtpError(`could not connect to ${host}:${port} within ${timeoutMs} ms`, 'ETIMEDOUT'));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'ECONNECTION' }));
      });
      socket.connect(port, host, () => {
        clearTimeout(timer);
        // nodemailer listens from here on; this keeps a late error from being unhandled meanwhile.
        socket.on('error', () => undefined);
        resolve(socket);
      });
    });
  }

  /**
   * One message on a connection: MAIL, RCPT, DATA, the body, then (after `beforeHandover`) the
   * final dot and the server's reply. The body is a stream nodemailer only starts reading once
   * the server has said 354, and it ends (which sends the dot) only after the hook.
   */
  private transact(
    conn: PooledConnection,
    envelope: SmtpEnvelope,
    message: Buffer,
    beforeHandover: (() => Promise<void>) | undefined,
    deadline: number,
  ): Promise<string> {
    conn.handing = false;
    return new Promise<string>((resolve, reject) => {
      let phase: SmtpPhase = 'transaction';
      let settled = false;
      const settle = (err: Error | null, reply?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        conn.watch(undefined);
        if (err) reject(err);
        else resolve(reply ?? '');
      };
      const timer = setTimeout(
        () => {
          settle(
            new SmtpSendError(phase, smtpError('no reply from the SMTP server before the deadline', 'ETIMEDOUT'), true),
          );
          conn.destroy();
        },
        Math.max(0, deadline - Date.now()),
      );
      conn.watch((err) => settle(new SmtpSendError(phase, err, err.code === 'ETIMEDOUT')));
      let reads = 0;
      // No read-ahead: the second read (and so the hook) comes once nodemailer has taken the whole body.
      const body = new Readable({
        highWaterMark: 0,
        read() {
          reads++;
          if (reads === 1) return void this.push(message);
          if (reads > 2) return;
          // Refused before DATA: nodemailer drains the stream; no dot, nothing to record.
          if (settled) return void this.push(null);
          const handOver = () => {
            if (settled) return;
            phase = 'handed-over';
            this.push(null);
          };
          if (!beforeHandover) return handOver();
          conn.handing = true;
          beforeHandover().then(handOver, (err: Error) => {
            settle(err);
            conn.destroy();
          });
        },
      });
      conn.smtp.send(envelope, body, (err, info) => {
        if (err) settle(new SmtpSendError(phase, err, err.code === 'ETIMEDOUT'));
        else settle(null, info.response);
      });
    });
  }

  private async withDeadline<T>(
    conn: PooledConnection,
    deadline: number,
    phase: SmtpPhase,
    step: () => Promise<T>,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => {
          reject(
            new SmtpSendError(
              phase,
              smtpError('the SMTP server did not get ready before the deadline', 'ETIMEDOUT'),
              true,
            ),
          );
          conn.destroy();
        },
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      return await Promise.race([step(), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private release(conn: PooledConnection): void {
    if (conn.dead) return;
    if (this.closed) return conn.quit();
    const waiter = this.waiters.shift();
    if (waiter) waiter({ conn });
    else this.idle.push(conn);
  }

  private forget(conn: PooledConnection): void {
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    this.forgetSlot();
  }

  private forgetSlot(): void {
    this.open--;
    const waiter = this.waiters.shift();
    if (waiter) waiter({ slot: true });
  }

  private markDown(err: SMTPConnection.SMTPError): void {
    this.downUntil = Date.now() + this.options.downForMs;
    this.lastConnectError = err;
    for (const w of this.waiters.splice(0)) w({ error: err });
  }
}
