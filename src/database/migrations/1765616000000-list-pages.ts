import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every list pages by (created_at, id), newest first. Contacts are the one list that grows to
 * millions per workspace, and campaigns had no index by workspace and time: keyset pages on both
 * read one index range instead of sorting the workspace's rows.
 */
export class ListPages1765616000000 implements MigrationInterface {
  name = 'ListPages1765616000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX contacts_workspace_created ON contacts (workspace_id, created_at DESC, id DESC);
      CREATE INDEX campaigns_workspace_created ON campaigns (workspace_id, created_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX campaigns_workspace_created; DROP INDEX contacts_workspace_created;`);
  }
}
