import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import { conflict, invalidBody, notFound, unknownFilter } from '../common/problem';
import { toFieldErrors } from '../common/zod-validation';
import { Sql } from '../database/sql';
import { CreateSurveyInput, createSurveySchema, surveyViewSchema, UpdateSurveyInput } from './survey.schema';
import { SurveyDefinition } from './survey-definition';
import { SurveyUsageRepository } from './survey-usage.repository';
import { SurveyRow, SurveysRepository } from './surveys.repository';

export type SurveyView = z.infer<typeof surveyViewSchema>;

/** One immutable version of a survey, as an invitation points at it. */
export interface SurveyVersion {
  id: string;
  surveyId: string;
  surveyName: string;
  version: number;
  definition: SurveyDefinition;
}

@Injectable()
export class SurveysService {
  /** Versions an invitation has used never change, so they are cached for the send and page paths. */
  private readonly versionCache = new Map<string, SurveyVersion>();
  private readonly changeListeners: Array<(workspaceId: string) => void> = [];

  constructor(
    private readonly db: Sql,
    private readonly surveys: SurveysRepository,
    private readonly usage: SurveyUsageRepository,
  ) {}

  async create(workspaceId: string, input: CreateSurveyInput): Promise<SurveyView> {
    const id = await this.db.transaction(async (tx) => {
      const surveyId = await this.surveys.insert(workspaceId, input.name, tx);
      await this.surveys.insertFirstVersion(surveyId, toDefinition(input), tx);
      return surveyId;
    });
    return this.get(workspaceId, id);
  }

  /** Newest first, a page at a time. */
  async list(workspaceId: string, page: { limit: number; cursor?: KeysetPosition }): Promise<Page<SurveyView>> {
    return pageOf(await this.surveys.page(workspaceId, page.cursor, page.limit), page.limit, positionOf, toView);
  }

  /** A query filter naming a survey this workspace does not have: 404 naming the parameter. */
  async assertFilter(workspaceId: string, id: string, param = 'surveyId'): Promise<void> {
    if (!(await this.surveys.findById(workspaceId, id))) throw unknownFilter(param, 'Survey');
  }

  async get(workspaceId: string, id: string): Promise<SurveyView> {
    const row = await this.surveys.findById(workspaceId, id);
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
      const row = await this.surveys.lockById(workspaceId, id, tx);
      if (!row) throw notFound('Survey');
      const current = toView(row);
      const merged = {
        name: patch.name ?? current.name,
        defaultLocale: patch.defaultLocale ?? current.defaultLocale,
        questions: patch.questions ?? current.questions,
      };
      const checked = createSurveySchema.safeParse(merged);
      if (!checked.success) throw invalidBody(toFieldErrors(checked.error));
      if (patch.name) await this.surveys.rename(id, patch.name, tx);
      if (!patch.questions && !patch.defaultLocale) return;
      const definition = toDefinition(checked.data);
      if (await this.usage.versionUsed(current.versionId, tx)) {
        await this.surveys.insertVersion(id, current.version + 1, definition, tx);
        await this.surveys.setCurrentVersion(id, current.version + 1, tx);
        versioned = true;
      } else {
        await this.surveys.replaceDefinition(current.versionId, definition, tx);
        await this.surveys.touch(id, tx);
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
    const campaigns = await this.usage.campaignIdsUsing(id);
    if (campaigns.length > 0) {
      throw conflict(`The survey is used by ${campaigns.length} campaign(s); archive or re-point them first.`, [
        { path: 'id', message: `Used by campaign ${campaigns.join(', ')}` },
      ]);
    }
    await this.surveys.delete(workspaceId, id);
  }

  /** A version by id, for sending and for the survey page. Cached: used versions are immutable. */
  async getVersion(versionId: string): Promise<SurveyVersion> {
    const cached = this.versionCache.get(versionId);
    if (cached) return cached;
    const row = await this.surveys.findVersion(versionId);
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

function toView(row: SurveyRow): SurveyView {
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
