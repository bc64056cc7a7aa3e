import { z } from 'zod';

/**
 * The only reader of process.env. Parsed once at boot; everything else receives a typed
 * AppConfig, so tests can build one from a plain object.
 */
const roleSchema = z.enum(['api', 'worker', 'all']);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ROLE: roleSchema.default('all'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/palaute'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default('Palaute <surveys@palaute.local>'),
  COMPANY_NAME: z.string().default('Palaute'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('palaute'),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).default(30000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).default(5000),
});

/** Typed, validated configuration for one process. */
export interface AppConfig {
  /** HTTP port for the API role. */
  port: number;
  /** Which parts start: the HTTP API, the queue workers, or both. */
  role: z.infer<typeof roleSchema>;
  databaseUrl: string;
  redisUrl: string;
  /** Base of every link we put in a message; defaults to http://localhost:PORT. */
  publicBaseUrl: string;
  /** Unset: email goes to the dev outbox table (viewable at /dev/outbox). */
  smtpUrl?: string;
  emailFrom: string;
  /** Shown in subjects and pages until workspaces carry their own branding. */
  companyName: string;
  /** Redis key prefix for every queue; lets tests and tenants share one Redis safely. */
  queuePrefix: string;
  /** Invitation sends processed in parallel per worker process. */
  sendConcurrency: number;
  smtpMaxConnections: number;
  /** How long a worker holds a job before another worker may take it over after a crash. */
  queueLockMs: number;
  logLevel: string;
  /** API keys are cached this long after lookup; a revoked key stops working within it. */
  apiKeyCacheMs: number;
}

export class ConfigError extends Error {}

/** Validates an environment (process.env by default) into an AppConfig, or throws naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    role: e.ROLE,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    emailFrom: e.EMAIL_FROM,
    companyName: e.COMPANY_NAME,
    queuePrefix: e.QUEUE_PREFIX,
    sendConcurrency: e.SEND_CONCURRENCY,
    smtpMaxConnections: e.SMTP_MAX_CONNECTIONS,
    queueLockMs: e.QUEUE_LOCK_MS,
    logLevel: e.LOG_LEVEL,
    apiKeyCacheMs: e.API_KEY_CACHE_MS,
  };
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
