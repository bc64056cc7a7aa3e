import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What analysts add to a response: tags (responses module) and theme corrections (scoring's text
 * analysis). Both go with the response (and so with an erased contact), and both name who made
 * them as the audit log does, without a foreign key, so a removed user's notes stay readable.
 *
 * A theme correction is one row per (response, theme key): `add` puts a theme on the response
 * that the analysis did not find, `remove` takes one off that it found; the last word on a key
 * wins. The key is the theme's sorted stems in the response's language, as GET /v1/text/themes
 * reports it, so a correction meets the themes found in other responses.
 */
export class ResponseAnnotations1765650000031 implements MigrationInterface {
  name = 'ResponseAnnotations1765650000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE response_tags (
        response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        tag text NOT NULL,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        tagged_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (response_id, tag)
      );
      CREATE INDEX response_tags_workspace_tag ON response_tags (workspace_id, tag);

      CREATE TABLE theme_corrections (
        response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        theme_key text NOT NULL,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('add', 'remove')),
        label text NOT NULL,
        corrected_by text NOT NULL,
        corrected_at timestamptz NOT NULL,
        PRIMARY KEY (response_id, theme_key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE theme_corrections; DROP TABLE response_tags;`);
  }
}
