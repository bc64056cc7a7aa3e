import 'reflect-metadata';

import { loadConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { Sql } from '../database/sql';
import { ScoreRollupsRepository } from '../scoring/rollups/score-rollups.repository';
import { ApiKeysRepository } from '../workspaces/api-keys.repository';
import { RateLimitsRepository } from '../workspaces/rate-limits.repository';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { USER_INVITE_USAGE, userInvite } from './user-invite.command';

const USAGE = `Usage:
  palaute workspace create <name>   Create a workspace; prints {"workspaceId","apiKey"} as JSON on the last line.
${USER_INVITE_USAGE}
  palaute migrate                   Create the database if missing and run pending migrations.
  palaute scores verify [--workspace <id>]
                                    Recount every score from the raw answers and compare with the rollups;
                                    prints a JSON report, exit code 1 when they differ.
  palaute scores rebuild [--workspace <id>]
                                    Recompute the rollups from the raw answers (safe while the service runs).`;

/** Operator commands. Uses the same configuration (DATABASE_URL, …) as the service. */
export async function runCli(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'migrate') {
    const db = await openDatabase(loadConfig().databaseUrl, 2);
    await db.destroy();
    console.log(JSON.stringify({ migrated: true }));
    return 0;
  }
  if (group === 'workspace' && command === 'create') {
    const name = rest.join(' ').trim();
    if (!name) {
      console.error('Give the workspace a name: palaute workspace create Acme');
      return 2;
    }
    const config = loadConfig();
    const db = await openDatabase(config.databaseUrl, 2);
    try {
      const sql = new Sql(db);
      const workspaces = new WorkspacesService(
        sql,
        new WorkspacesRepository(sql),
        new ApiKeysRepository(sql),
        new RateLimitsRepository(sql),
        config,
      );
      const created = await workspaces.createWorkspace(name);
      console.error(`Workspace "${name}" created. The admin key below is shown only once; store it now.`);
      console.log(JSON.stringify(created));
      return 0;
    } finally {
      await db.destroy();
    }
  }
  if (group === 'user' && command === 'invite') {
    const config = loadConfig();
    const db = await openDatabase(config.databaseUrl, 2);
    try {
      return await userInvite(rest, config, new Sql(db));
    } finally {
      await db.destroy();
    }
  }
  if (group === 'scores' && (command === 'verify' || command === 'rebuild')) {
    const at = rest.indexOf('--workspace');
    const workspaceId = at >= 0 ? rest[at + 1] : null;
    if (at >= 0 && !/^[0-9a-f-]{36}$/i.test(workspaceId ?? '')) {
      console.error('--workspace takes a workspace id (a UUID)');
      return 2;
    }
    const db = await openDatabase(loadConfig().databaseUrl, 2);
    try {
      const store = new ScoreRollupsRepository(new Sql(db));
      if (command === 'rebuild') {
        const started = Date.now();
        const rebuilt = await store.rebuild(workspaceId);
        console.log(JSON.stringify({ rebuilt: true, workspaceId, rows: rebuilt.rows, ms: Date.now() - started }));
        return 0;
      }
      const report = await store.verify(workspaceId);
      console.log(JSON.stringify(report));
      if (report.differences)
        console.error(
          `${report.differences} rollup rows differ from the raw answers; run "palaute scores rebuild" to recompute them.`,
        );
      return report.differences ? 1 : 0;
    } finally {
      await db.destroy();
    }
  }
  console.error(USAGE);
  return group === undefined || group === 'help' || group === '--help' ? 0 : 2;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
