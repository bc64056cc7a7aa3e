import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { Sql } from '../database/sql';
import { WorkspacesService } from '../workspaces/workspaces.service';

const USAGE = `Usage:
  palaute workspace create <name>   Create a workspace; prints {"workspaceId","apiKey"} as JSON on the last line.
  palaute migrate                   Create the database if missing and run pending migrations.`;

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
      const created = await new WorkspacesService(new Sql(db), config).createWorkspace(name);
      console.error(`Workspace "${name}" created. The admin key below is shown only once; store it now.`);
      console.log(JSON.stringify(created));
      return 0;
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
