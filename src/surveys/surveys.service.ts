import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import { conflict, invalidBody, notFound } from '../common/problem';
import { toFieldErrors } from '../common/zod-validation';
import { Sql } from '../database/sql';
import { CreateSurveyInput, createSurveySchema, surveyViewSchema, UpdateSurveyInput } from './survey.schema';
import { SurveyDefinition } from './survey-definition';

export type SurveyView = z.infer<typeof surveyViewSchema>;

/** One immutable version of a survey, as an invitation points at it. */
export interface SurveyVersion {
  id: string;
  surveyId: string;
  surveyName: string;
  version: number;
  definition: SurveyDefinition;
}

const SELECT_SURVEY = `
  SELECT s.id, s.name, s.created_at, s.updated_at, v.id AS version_id, v.version, v.definition
  FROM surveys s JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version`;

@Injectable()
export class SurveysService {
  /** Versions an invitation has used never change, so they are cached for the send and page paths. */
  private readonly versionCache = new Map<string, SurveyVersion>();
  private readonly changeListeners: Array<(workspaceId: string) => void> = [];

  constructor(private readonly db: Sql) {}

  async create(workspaceId: string, input: CreateSurveyInput): Promise<SurveyView> {
    const id = await this.db.transaction(async (tx) => {
      const [s] = await tx.query(`INSERT INTO surveys (workspace_id, name) VALUES ($1, $2) RETURNING id`, [
        workspaceId,
        input.name,
      ]);
      await tx.query(`INSERT INTO survey_versions (survey_id, version, definition) VALUES ($1, 1, $2)`, [
        s.id,
        JSON.stringify(toDefinition(input)),
      ]);
      return s.id as string;
    });
    return this.get(workspaceId, id);
  }

  async list(workspaceId: string): Promise<SurveyView[]> {
    const rows = await this.db.query(`${SELECT_SURVEY} WHERE s.workspace_id = $1 ORDER BY s.created_at DESC`, [
      workspaceId,
    ]);
    return rows.map(toView);
  }

  async get(workspaceId: string, id: string): Promise<SurveyView> {
    const [row] = await this.db.query(`${SELECT_SURVEY} WHERE s.workspace_id = $1 AND s.id = $2`, [workspaceId, id]);
    if (!row) throw notFound('Survey');
    return toView(row);
  }

  /**
   * Edits in place while no invitation has used the current version; afterwards every edit makes a
   * new version, so responses keep pointing at the exact questions their customer saw.
   */
  async update(workspaceId: string, id: string, patch: UpdateSurveyInput): Promise<SurveyView> {
    let versioned = false;
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`${SELECT_SURVEY} WHERE s.workspace_id = $1 AND s.id = $2 FOR UPDATE OF s`, [
        workspaceId,
        id,
      ]);
      if (!row) throw notFound('Survey');
      const current = toView(row);
      const merged = {
        name: patch.name ?? current.name,
        defaultLocale: patch.defaultLocale ?? current.defaultLocale,
        questions: patch.questions ?? current.questions,
      };
      const checked = createSurveySchema.safeParse(merged);
      if (!checked.success) throw invalidBody(toFieldErrors(checked.error));
      if (patch.name)
        await tx.query(`UPDATE surveys SET name = $2, updated_at = now() WHERE id = $1`, [id, patch.name]);
      if (!patch.questions && !patch.defaultLocale) return;
      const definition = JSON.stringify(toDefinition(checked.data));
      const [used] = await tx.query(`SELECT 1 FROM invitations WHERE survey_version_id = $1 LIMIT 1`, [
        current.versionId,
      ]);
      if (used) {
        await tx.query(`INSERT INTO survey_versions (survey_id, version, definition) VALUES ($1, $2, $3)`, [
          id,
          current.version + 1,
          definition,
        ]);
        await tx.query(`UPDATE surveys SET current_version = $2, updated_at = now() WHERE id = $1`, [
          id,
          current.version + 1,
        ]);
        versioned = true;
      } else {
        await tx.query(`UPDATE survey_versions SET definition = $2 WHERE id = $1`, [current.versionId, definition]);
        await tx.query(`UPDATE surveys SET updated_at = now() WHERE id = $1`, [id]);
      }
    });
    if (versioned) this.changeListeners.forEach((listener) => listener(workspaceId));
    return this.get(workspaceId, id);
  }

  /** Called after a survey's current version changes, so caches that hold it (campaign rules) drop it. */
  onChange(listener: (workspaceId: string) => void): void {
    this.changeListeners.push(listener);
  }

  /** Only a survey no campaign uses can go; otherwise 409 names the campaigns. */
  async remove(workspaceId: string, id: string): Promise<void> {
    await this.get(workspaceId, id);
    const campaigns = await this.db.query(`SELECT id FROM campaigns WHERE survey_id = $1`, [id]);
    if (campaigns.length > 0) {
      throw conflict(`The survey is used by ${campaigns.length} campaign(s); archive or re-point them first.`, [
        { path: 'id', message: `Used by campaign ${campaigns.map((c) => c.id).join(', ')}` },
      ]);
    }
    await this.db.query(`DELETE FROM surveys WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
  }

  /** A version by id, for sending and for the survey page. Cached: used versions are immutable. */
  async getVersion(versionId: string): Promise<SurveyVersion> {
    const cached = this.versionCache.get(versionId);
    if (cached) return cached;
    const [row] = await this.db.query(
      `SELECT v.id, v.survey_id, v.version, v.definition, s.name FROM survey_versions v JOIN surveys s ON s.id = v.survey_id WHERE v.id = $1`,
      [versionId],
    );
    if (!row) throw notFound('Survey version');
    const version = {
      id: row.id,
      surveyId: row.survey_id,
      surveyName: row.name,
      version: row.version,
      definition: row.definition,
    };
    if (this.versionCache.size > 5000) this.versionCache.clear();
    this.versionCache.set(versionId, version);
    return version;
  }
}

function toDefinition(input: Pick<CreateSurveyInput, 'defaultLocale' | 'questions'>): SurveyDefinition {
  return { defaultLocale: input.defaultLocale, questions: input.questions };
}

function toView(row: Record<string, any>): SurveyView {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    versionId: row.version_id,
    defaultLocale: row.definition.defaultLocale,
    questions: row.definition.questions,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
