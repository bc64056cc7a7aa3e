import { Queryable } from './sql';

/** Resolves once Postgres answers a trivial statement; touches no table. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
