import { Inject, Injectable } from '@nestjs/common';

import { notFound } from '../common/problem';
import type { TeamScope } from '../workspaces/principal';
import { RESPONSE_ALERTS, ResponseAlerts } from './response-alerts';
import { ResponsePage, responsePage } from './response-page';
import { ResponsePageRepository } from './response-page.repository';
import { tagSet } from './response-tags';
import { ResponseTagsRepository } from './response-tags.repository';
import { RESPONSE_THEMES, ResponseThemes } from './response-themes';

/** The response page and what analysts note on it (tags). Alerts and themes come from the modules that own them. */
@Injectable()
export class ResponsePageService {
  constructor(
    private readonly pages: ResponsePageRepository,
    private readonly tags: ResponseTagsRepository,
    @Inject(RESPONSE_ALERTS) private readonly alerts: ResponseAlerts,
    @Inject(RESPONSE_THEMES) private readonly themes: ResponseThemes,
  ) {}

  /** One response; 404 when the workspace has none such, or (an agent) it is not their team's. */
  async page(workspaceId: string, responseId: string, scope: TeamScope | null): Promise<ResponsePage> {
    const row = await this.pages.find(workspaceId, responseId, scope ? { team: scope.team } : undefined);
    if (!row) throw notFound('Response');
    const [alerts, themes] = await Promise.all([
      this.alerts.alertsOn(workspaceId, responseId, scope),
      this.themes.themesOf(workspaceId, responseId),
    ]);
    return responsePage(row, { alerts, themes });
  }

  /** Sets the response's tags to exactly these; answers the set and what changed. */
  async setTags(
    workspaceId: string,
    responseId: string,
    tags: string[],
    by: string,
  ): Promise<{ responseId: string; tags: string[]; added: string[]; removed: string[] }> {
    const wanted = tagSet(tags);
    const changed = await this.tags.replace(workspaceId, responseId, wanted, by);
    if (!changed) throw notFound('Response');
    return { responseId, tags: wanted, ...changed };
  }

  /** The workspace's tags, most used first. */
  async tagCounts(workspaceId: string, limit: number): Promise<{ tags: Array<{ tag: string; responses: number }> }> {
    return { tags: await this.tags.counts(workspaceId, limit) };
  }
}
