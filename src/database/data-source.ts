import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { unreachableAtStartup } from '../common/startup-error';
import { Spine1763900000000 } from './migrations/1763900000000-spine';
import { Sms1764000000000 } from './migrations/1764000000000-sms';
import { Voice1764100000000 } from './migrations/1764100000000-voice';
import { ScoreRollups1764200000000 } from './migrations/1764200000000-score-rollups';
import { LiveNotify1764300000000 } from './migrations/1764300000000-live-notify';
import { SendingWindows1764400000000 } from './migrations/1764400000000-sending-windows';
import { Sampling1764500000000 } from './migrations/1764500000000-sampling';
import { Fatigue1764600000000 } from './migrations/1764600000000-fatigue';
import { DedupeCancel1764700000000 } from './migrations/1764700000000-dedupe-cancel';
import { Throttle1764800000000 } from './migrations/1764800000000-throttle';
import { Reminders1764900000000 } from './migrations/1764900000000-reminders';
import { Relationship1765000000000 } from './migrations/1765000000000-relationship';
import { Webhooks1765100000000 } from './migrations/1765100000000-webhooks';
import { Alerts1765200000000 } from './migrations/1765200000000-alerts';
import { ScoreDayZone1765300000000 } from './migrations/1765300000000-score-day-zone';
import { SweepIndexes1765400000000 } from './migrations/1765400000000-sweep-indexes';
import { DisplayName1765500000000 } from './migrations/1765500000000-display-name';
import { RateLimits1765610000000 } from './migrations/1765610000000-rate-limits';
import { EmailHandover1765614000000 } from './migrations/1765614000000-email-handover';
import { People1765615000000 } from './migrations/1765615000000-people';
import { ListPages1765616000000 } from './migrations/1765616000000-list-pages';
import { EventAnswers1765620000000 } from './migrations/1765620000000-event-answers';
import { RollupDeltaAge1765625000000 } from './migrations/1765625000000-rollup-delta-age';
import { RemindersSent1765630000000 } from './migrations/1765630000000-reminders-sent';
import { SmsRateNumeric1765640000000 } from './migrations/1765640000000-sms-rate-numeric';
import { EditedAnswersFollowUp1765645000000 } from './migrations/1765645000000-edited-answers-follow-up';
import { ResponseAnnotations1765650000031 } from './migrations/1765650000031-response-annotations';
import { AlertsLive1765650000032 } from './migrations/1765650000032-alerts-live';

/** Every migration, in order. Listed explicitly so the compiled app never globs the file system. */
export const MIGRATIONS = [
  Spine1763900000000,
  Sms1764000000000,
  Voice1764100000000,
  ScoreRollups1764200000000,
  LiveNotify1764300000000,
  SendingWindows1764400000000,
  Sampling1764500000000,
  Fatigue1764600000000,
  DedupeCancel1764700000000,
  Throttle1764800000000,
  Reminders1764900000000,
  Relationship1765000000000,
  Webhooks1765100000000,
  Alerts1765200000000,
  ScoreDayZone1765300000000,
  SweepIndexes1765400000000,
  DisplayName1765500000000,
  RateLimits1765610000000,
  EmailHandover1765614000000,
  People1765615000000,
  ListPages1765616000000,
  EventAnswers1765620000000,
  RollupDeltaAge1765625000000,
  RemindersSent1765630000000,
  SmsRateNumeric1765640000000,
  EditedAnswersFollowUp1765645000000,
  ResponseAnnotations1765650000031,
  AlertsLive1765650000032,
];

const MIGRATION_LOCK_ID = 7_263_001;
const CONNECT_TIMEOUT_MS = 15_000;

/** A DataSource for our schema. Queries are SQL through it: the upserts and hot paths need exact control. */
export function createDataSource(databaseUrl: string, poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    // A request waits at most this long for a connection (a black-holed database, or the pool
    // exhausted), then fails with an error the API answers as 503 instead of hanging for minutes.
    extra: { max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
  });
}

/** Creates the database named in the URL when it does not exist yet (zero-config first start). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        // Two processes starting at once: the loser sees duplicate_database, which is fine.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await admin.end();
  }
}

/** Connects, creating the database and running pending migrations first. */
export async function openDatabase(databaseUrl: string, poolSize?: number): Promise<DataSource> {
  const ds = createDataSource(databaseUrl, poolSize);
  try {
    await ensureDatabase(databaseUrl);
    await ds.initialize();
  } catch (error) {
    // At boot the cause is almost always the URL or a server that is not up: say which variable.
    throw unreachableAtStartup({
      variable: 'DATABASE_URL',
      service: 'PostgreSQL',
      url: databaseUrl,
      defaultPort: 5432,
      error,
      hint: 'Is PostgreSQL running and accepting connections there, with this user and password? The URL reads postgres://user:password@host:port/database.',
    });
  }
  // An API and a worker process starting together must not both migrate: serialise on a lock.
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await ds.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
  return ds;
}
