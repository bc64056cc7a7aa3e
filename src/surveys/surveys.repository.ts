import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Queryable, Sql } from '../database/sql';
import { SurveyDefinition } from './survey-definition';

/** A survey with its current version. */
export interface SurveyRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  version_id: string;
  version: number;
  definition: SurveyDefinition;
}

/** A listed survey with its keyset position (created_at to the microsecond). */
export interface ListedSurveyRow extends SurveyRow {
  position: string;
}

/** One version of a survey, with the survey's name. */
export interface SurveyVersionRow {
  id: string;
  survey_id: string;
  version: number;
  definition: SurveyDefinition;
  name: string;
}

const SELECT_SURVEY = `
  SELECT s.id, s.name, s.created_at, s.updated_at, v.id AS version_id, v.version, v.definition
  FROM surveys s JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version`;

/** SQL on surveys and their versions (one aggregate: a survey points at its current version). */
@Injectable()
export class SurveysRepository {
  constructor(private readonly db: Sql) {}

  async insert(workspaceId: string, name: string, tx: Queryable = this.db): Promise<string> {
    const [s] = await tx.query<{ id: string }>(
      `INSERT INTO surveys (workspace_id, name) VALUES ($1, $2) RETURNING id`,
      [workspaceId, name],
    );
    return s.id;
  }

  async insertFirstVersion(surveyId: string, definition: SurveyDefinition, tx: Queryable = this.db): Promise<void> {
    await tx.query(`INSERT INTO survey_versions (survey_id, version, definition) VALUES ($1, 1, $2)`, [
      surveyId,
      JSON.stringify(definition),
    ]);
  }

  async insertVersion(
    surveyId: string,
    version: number,
    definition: SurveyDefinition,
    tx: Queryable = this.db,
  ): Promise<void> {
    await tx.query(`INSERT INTO survey_versions (survey_id, version, definition) VALUES ($1, $2, $3)`, [
      surveyId,
      version,
      JSON.stringify(definition),
    ]);
  }

  /** Newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  page(workspaceId: string, after: KeysetPosition | undefined, limit: number): Promise<ListedSurveyRow[]> {
    return this.db.query<ListedSurveyRow>(
      `SELECT q.*, q.created_at::text AS position FROM (${SELECT_SURVEY}
         WHERE s.workspace_id = $1 AND ($2::timestamptz IS NULL OR (s.created_at, s.id) < ($2, $3::uuid))
         ORDER BY s.created_at DESC, s.id DESC LIMIT $4) q
       ORDER BY q.created_at DESC, q.id DESC`,
      [workspaceId, ...keysetArgs(after, limit)],
    );
  }

  async findById(workspaceId: string, id: string): Promise<SurveyRow | undefined> {
    const [row] = await this.db.query<SurveyRow>(`${SELECT_SURVEY} WHERE s.workspace_id = $1 AND s.id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** The survey row stays locked until the transaction ends, so concurrent edits take turns. */
  async lockById(workspaceId: string, id: string, tx: Queryable): Promise<SurveyRow | undefined> {
    const [row] = await tx.query<SurveyRow>(
      `${SELECT_SURVEY} WHERE s.workspace_id = $1 AND s.id = $2 FOR UPDATE OF s`,
      [workspaceId, id],
    );
    return row;
  }

  async rename(id: string, name: string, tx: Queryable = this.db): Promise<void> {
    await tx.query(`UPDATE surveys SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
  }

  async setCurrentVersion(id: string, version: number, tx: Queryable = this.db): Promise<void> {
    await tx.query(`UPDATE surveys SET current_version = $2, updated_at = now() WHERE id = $1`, [id, version]);
  }

  /** Only for a version no invitation has used yet: used versions are immutable. */
  async replaceDefinition(versionId: string, definition: SurveyDefinition, tx: Queryable = this.db): Promise<void> {
    await tx.query(`UPDATE survey_versions SET definition = $2 WHERE id = $1`, [versionId, JSON.stringify(definition)]);
  }

  async touch(id: string, tx: Queryable = this.db): Promise<void> {
    await tx.query(`UPDATE surveys SET updated_at = now() WHERE id = $1`, [id]);
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM surveys WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
  }

  async findVersion(versionId: string): Promise<SurveyVersionRow | undefined> {
    const [row] = await this.db.query<SurveyVersionRow>(
      `SELECT v.id, v.survey_id, v.version, v.definition, s.name FROM survey_versions v JOIN surveys s ON s.id = v.survey_id WHERE v.id = $1`,
      [versionId],
    );
    return row;
  }
}
