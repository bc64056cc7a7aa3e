import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { openDatabase } from '../../src/database/data-source';
import { ADMIN_DATABASE_URL, TEMPLATE_DB, databaseUrl } from './databases';

/**
 * Once per jest run: a migrated template database that each suite clones (fast, isolated), and
 * the compiled app in dist/ for the suites that run it as a separate process.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const db = await openDatabase(databaseUrl(TEMPLATE_DB), 2);
  await db.destroy();
  execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
}
