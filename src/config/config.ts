import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/**
 * The only reader of process.env. Parsed once at boot; everything else receives a typed
 * AppConfig, so tests can build one from a plain object.
 */
const roleSchema = z.enum(['api', 'worker', 'all']);
/** A rate in requests per minute (the window of every rate limit). */
const perMinute = z.coerce.number().int().min(1).max(10_000_000);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ROLE: roleSchema.default('all'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/palaute'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default('Palaute <surveys@palaute.local>'),
  COMPANY_NAME: z.string().default('Palaute'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('palaute'),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(30000),
  SMTP_MESSAGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3600000).default(120000),
  EMAIL_UNCERTAIN_DELIVERY: z.enum(['at-most-once', 'at-least-once']).default('at-most-once'),
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).default(30000),
  SEND_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  SEND_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
  TWILIO_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +358401234567')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits')
    .optional(),
  TWILIO_API_BASE_URL: z.string().url().optional(),
  SMS_PER_SECOND: z.coerce.number().positive().max(10000).default(10),
  TWILIO_CALLER_ID: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +358401234567')
    .optional(),
  CALLS_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
  SCORES_MIN_ANSWERS: z.coerce.number().int().min(1).max(100000).default(30),
  ROLLUP_FOLD_MS: z.coerce.number().int().min(100).max(600000).default(2000),
  ALERT_LINK_TEMPLATE: z
    .string()
    .url()
    .refine((v) => v.includes('%7BalertId%7D') || v.includes('{alertId}'), 'must contain {alertId}')
    .optional(),
  SECRETS_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== undefined, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
  WEBHOOK_ALLOW_HTTP: z.stringbool().default(false),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(15000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(200),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60000).default(1000),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43200).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(8760).default(168),
  INVITE_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  SIGN_IN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(10000).default(5),
  SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100000).default(30),
  RATE_LIMIT_ENABLED: z.stringbool().default(true),
  RATE_LIMIT_INGEST_PER_MINUTE: perMinute.default(6000),
  RATE_LIMIT_ADMIN_PER_MINUTE: perMinute.default(600),
  RATE_LIMIT_SURVEY_PAGE_PER_MINUTE: perMinute.default(120),
  RATE_LIMIT_TWILIO_PER_MINUTE: perMinute.default(12000),
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: perMinute.default(60),
  RATE_LIMIT_MAX_PER_MINUTE: perMinute.default(100000),
  TRUST_PROXY: z
    .string()
    .refine(
      (v) => /^\d{1,2}$/.test(v) || compilesAsTrust(v),
      'must be a hop count, or a comma-separated list of addresses, subnets, loopback, linklocal or uniquelocal',
    )
    .default('loopback,linklocal,uniquelocal'),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  QUEUE_STUCK_MS: z.coerce.number().int().min(1000).default(300000),
});

/** The dev account the built-in simulator accepts when no Twilio credentials are configured. */
export const DEV_TWILIO = {
  accountSid: 'AC' + '0'.repeat(32),
  authToken: 'dev-auth-token',
  sender: '+15005550006',
} as const;

/** Twilio defaults for workspaces without their own account. */
export interface TwilioDefaults {
  accountSid: string;
  authToken: string;
  /** An E.164 number or a Messaging Service SID (MG…). */
  sender: string;
  /** The number survey calls come from: TWILIO_CALLER_ID, else TWILIO_FROM (a Messaging Service cannot call). */
  callerId: string | null;
  /** Where the SDK sends API calls; unset means Twilio itself. */
  apiBaseUrl?: string;
  /** True when no credentials were given: the simulator mounted at /dev/twilio stands in for Twilio. */
  builtInSimulator: boolean;
}

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
  /** Deadline of each SMTP step: the TCP connect, the greeting, each reply. */
  smtpTimeoutMs: number;
  /** Deadline of one whole email, from the send to the server's final reply. */
  smtpMessageTimeoutMs: number;
  /**
   * An email handed to the SMTP server (final dot sent) whose reply never came, because the worker
   * died or the connection failed: `at-most-once` records it as sent and lists it for review
   * (delivery status `uncertain`), `at-least-once` sends it again with the same Message-ID.
   */
  emailUncertainDelivery: 'at-most-once' | 'at-least-once';
  /** How long a worker holds a job before another worker may take it over after a crash. */
  queueLockMs: number;
  /**
   * Tries per invitation step before it is marked failed (a network error, a provider's 5xx or
   * timeout). Waits for a rate limit, quiet hours or a Twilio 429 are not tries.
   */
  sendAttempts: number;
  /** The wait before the first retry; each next one waits twice as long (2 s: 2, 4, 8 … 128 s). */
  sendBackoffMs: number;
  /** How long one Twilio API request may take before it counts as a failed try. */
  twilioTimeoutMs: number;
  logLevel: string;
  /** API keys are cached this long after lookup; a revoked key stops working within it. */
  apiKeyCacheMs: number;
  twilio: TwilioDefaults;
  /** Default SMS rate per sender, across all workers (Twilio long codes take about 1/s, short codes 100/s). */
  smsPerSecond: number;
  /** Calls a Twilio account may start per second (Twilio's default CPS is 1); per workspace in its settings. */
  callsPerSecond: number;
  /** Below this many answers a score is flagged as too few to judge (a request can ask for another minimum). */
  scoresMinimumAnswers: number;
  /** How often a worker folds the rollup deltas into the rollups. Reads are exact either way; folding keeps them cheap. */
  rollupFoldMs: number;
  /** AES-256-GCM key for secrets stored in the database (workspace Twilio tokens). */
  secretsKey?: Buffer;
  /** Link in alert emails, with `{alertId}`: the team's own dashboard or CRM view. Unset: the admin API's alert URL. */
  alertLinkTemplate?: string;
  webhooks: WebhookSettings;
  people: PeopleSettings;
  rateLimits: RateLimitSettings;
  /**
   * Which peers' X-Forwarded-For is believed (Express's `trust proxy`): a hop count, or addresses,
   * subnets and the names loopback, linklocal, uniquelocal. Per-IP rate limits count the address this yields.
   */
  trustProxy: number | string[];
  /** Set: /metrics is served on this port only (in every role, the worker's too); unset: on PORT (api and all). */
  metricsPort?: number;
  /** A job active for longer than this counts as stuck: /health/ready says degraded. */
  queueStuckMs: number;
}

/** Request rates, per minute, shared by every process through Redis. */
export interface RateLimitSettings {
  /** False: nothing is limited (the headers are not sent either). */
  enabled: boolean;
  /** Each ingest-scope key's default; a workspace can set its own. */
  ingestPerMinute: number;
  /** Each admin-scope key's default; a workspace can set its own. */
  adminPerMinute: number;
  /** Per client address on the respondent pages (/s/, /u/, /r/): a brake on token guessing. */
  surveyPagePerMinute: number;
  /** Per client address on the Twilio webhooks (signed, so only a ceiling against floods). */
  twilioPerMinute: number;
  /** Per client address for API requests without a valid key. */
  unauthenticatedPerMinute: number;
  /** The most a workspace may set for its own keys. */
  maxPerMinute: number;
}

/** Sessions, sign-in links and their rate limits (docs/people.md). */
export interface PeopleSettings {
  /** A session unused this long is over. */
  sessionIdleMs: number;
  /** A session is over this long after sign-in, however busy. */
  sessionAbsoluteMs: number;
  /** How long the link in an invitation email works (a sign-in link: 15 minutes). */
  inviteLinkMs: number;
  /** Sign-in requests per address, and per client IP, per 15 minutes. */
  signInLimitPerAddress: number;
  signInLimitPerIp: number;
}

/** Outbound webhook delivery settings. */
export interface WebhookSettings {
  /** Also allow endpoints on loopback, RFC 1918 / ULA and CGNAT addresses (self-hosted CRMs). Link-local and cloud metadata stay refused. */
  allowPrivateNetworks: boolean;
  /** Accept plain `http:` endpoint URLs (LAN CRMs without TLS); bodies then travel in clear. */
  allowHttp: boolean;
  /** Per-attempt timeout; the Standard Webhooks spec suggests 15–30 s. */
  timeoutMs: number;
  /** Deliveries in flight per worker process. */
  concurrency: number;
  /** How often a worker looks for retries that came due (new messages wake it at once). */
  pollMs: number;
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
  if (Boolean(e.TWILIO_ACCOUNT_SID) !== Boolean(e.TWILIO_AUTH_TOKEN)) {
    throw new ConfigError('Invalid configuration:\n  TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together');
  }
  const builtInSimulator = !e.TWILIO_ACCOUNT_SID && !e.TWILIO_API_BASE_URL;
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
    smtpTimeoutMs: e.SMTP_TIMEOUT_MS,
    smtpMessageTimeoutMs: e.SMTP_MESSAGE_TIMEOUT_MS,
    emailUncertainDelivery: e.EMAIL_UNCERTAIN_DELIVERY,
    queueLockMs: e.QUEUE_LOCK_MS,
    sendAttempts: e.SEND_ATTEMPTS,
    sendBackoffMs: e.SEND_BACKOFF_MS,
    twilioTimeoutMs: e.TWILIO_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    apiKeyCacheMs: e.API_KEY_CACHE_MS,
    alertLinkTemplate: e.ALERT_LINK_TEMPLATE?.replace('%7BalertId%7D', '{alertId}'),
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID ?? DEV_TWILIO.accountSid,
      authToken: e.TWILIO_AUTH_TOKEN ?? DEV_TWILIO.authToken,
      sender: e.TWILIO_MESSAGING_SERVICE_SID ?? e.TWILIO_FROM ?? DEV_TWILIO.sender,
      callerId: e.TWILIO_CALLER_ID ?? e.TWILIO_FROM ?? (e.TWILIO_ACCOUNT_SID ? null : DEV_TWILIO.sender),
      apiBaseUrl: e.TWILIO_API_BASE_URL,
      builtInSimulator,
    },
    smsPerSecond: e.SMS_PER_SECOND,
    callsPerSecond: e.CALLS_PER_SECOND,
    scoresMinimumAnswers: e.SCORES_MIN_ANSWERS,
    rollupFoldMs: e.ROLLUP_FOLD_MS,
    secretsKey: e.SECRETS_KEY ? decodeKey(e.SECRETS_KEY) : undefined,
    webhooks: {
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      pollMs: e.WEBHOOK_POLL_MS,
    },
    people: {
      sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
      sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      inviteLinkMs: e.INVITE_LINK_HOURS * 3_600_000,
      signInLimitPerAddress: e.SIGN_IN_LIMIT_PER_ADDRESS,
      signInLimitPerIp: e.SIGN_IN_LIMIT_PER_IP,
    },
    rateLimits: {
      enabled: e.RATE_LIMIT_ENABLED,
      ingestPerMinute: e.RATE_LIMIT_INGEST_PER_MINUTE,
      adminPerMinute: e.RATE_LIMIT_ADMIN_PER_MINUTE,
      surveyPagePerMinute: e.RATE_LIMIT_SURVEY_PAGE_PER_MINUTE,
      twilioPerMinute: e.RATE_LIMIT_TWILIO_PER_MINUTE,
      unauthenticatedPerMinute: e.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE,
      maxPerMinute: e.RATE_LIMIT_MAX_PER_MINUTE,
    },
    trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(/\s*,\s*/),
    metricsPort: e.METRICS_PORT,
    queueStuckMs: e.QUEUE_STUCK_MS,
  };
}

function compilesAsTrust(text: string): boolean {
  try {
    proxyaddr.compile(text.split(/\s*,\s*/));
    return true;
  } catch {
    return false;
  }
}

function decodeKey(text: string): Buffer | undefined {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length === 32 ? key : undefined;
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
