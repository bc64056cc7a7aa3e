import { execSync } from 'node:child_process';

import { openDatabase } from '../../src/database/data-source';
import { adminQuery, databaseUrl, TEMPLATE_DB } from './databases';

/**
 * Once per jest run: a migrated template database that each suite clones (fast, isolated), and
 * the compiled app in dist/ for the suites that run it as a separate process, and the console's
 * bundle in web/dist that the browser suites open (a second, so the tests see the console as it is).
 */
export default async function globalSetup(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  const db = await openDatabase(databaseUrl(TEMPLATE_DB), 2);
  await db.destroy();
  execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
  execSync('npm run build --silent -w web', { stdio: ['ignore', 'ignore', 'inherit'] });
}
