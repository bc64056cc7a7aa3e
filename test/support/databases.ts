import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

const BASE = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const ADMIN_DATABASE_URL = `${BASE}/postgres`;
/** Overridable so two jest runs on one machine (a developer's and a helper's) do not drop each other's template. */
export const TEMPLATE_DB = process.env.TEST_TEMPLATE_DB ?? 'palaute_test_template';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const databaseUrl = (name: string) => `${BASE}/${name}`;

/** Runs one statement on the maintenance database (CREATE/DROP DATABASE cannot run inside one). */
export async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh database cloned from the migrated template: every suite gets its own. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `palaute_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A Redis key prefix of its own, so suites running side by side never share a queue. */
export const uniqueQueuePrefix = () => `ptest_${randomBytes(4).toString('hex')}`;
