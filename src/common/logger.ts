import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Structured JSON logs. Secrets and personal data are redacted by key wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'palaute' },
    redact: {
      paths: [
        'email',
        '*.email',
        'phone',
        '*.phone',
        'to',
        '*.to',
        'apiKey',
        '*.apiKey',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

/**
 * The access log's own logger: one line per request is the busiest log, so its lines are
 * buffered (written in 4 KB chunks, and at least every second) instead of one write each, and
 * it redacts nothing (its lines hold no personal data: request-log.ts). The service's other
 * lines stay synchronous, so a crash loses none of them; it may lose the last second of access lines.
 */
export function createAccessLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 1000).unref();
  return pino({ level, base: { service: 'palaute' } }, destination);
}

/** `jane.doe@example.com` → `j***@example.com`: enough to debug, not enough to identify. */
export function maskEmail(email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

/** Nest's own messages (bootstrap, routes) go through pino too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  // Nest's "log" level is route mapping and module init chatter: debug for us.
  log(message: unknown, context?: unknown) {
    this.pino.debug({ context }, String(message));
  }
  error(message: unknown, trace?: unknown, context?: unknown) {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: unknown) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: unknown) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: unknown) {
    this.pino.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
