import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { Clock } from '../common/clock';
import { LOGGER } from '../common/logger';
import { Queryable, Sql } from '../database/sql';
import { alertCreatedPayload, responseCompletedPayload, WebhookPayload } from '../webhooks/event-payloads';
import { WebhooksService } from '../webhooks/webhooks.service';
import { alertContextOf } from './alert-context';
import { LinkCandidate, linkOrCreate } from './alert-link';
import { AlertLink, AlertLinksRepository, LinkCandidateRow, NewAlertRow } from './alert-links.repository';
import { AlertAnswer, AlertMatch, evaluateAlertRules } from './alert-rules';
import { AlertSettingsService } from './alert-settings.service';
import { FollowUpAnswerRow, FollowUpResponseRow, ResponseFollowUpsRepository } from './response-followups.repository';
import { notifyAddresses, routeAlert } from './routing';

const BATCH = 200;
const MAX_COMMENT = 2000;

interface StoredAnswer extends AlertAnswer {
  /** What a webhook reports: the score, or the text. */
  reported: number | string;
}

/**
 * Follows up responses when they are due (completed, or partial and quiet for an hour): raises or
 * links alerts and sends `response.completed` and `alert.created` webhooks. One transaction per batch; rows are claimed with SKIP LOCKED, so any number of workers
 * can run it, and `alert_responses`' primary key makes a repeated run add nothing.
 */
@Injectable()
export class ResponseFollowUpService {
  constructor(
    private readonly db: Sql,
    private readonly followUps: ResponseFollowUpsRepository,
    private readonly alertLinks: AlertLinksRepository,
    private readonly clock: Clock,
    private readonly settings: AlertSettingsService,
    private readonly webhooks: WebhooksService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Processes one batch of due responses; returns how many, and the alerts it raised. */
  async runOnce(limit = BATCH): Promise<{ processed: number; raised: string[] }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const claimed = await this.followUps.claimDue(now, limit, tx);
      if (claimed.length === 0) return { processed: 0, raised: [] };
      const ids = claimed.map((c) => c.response_id);
      const alreadySent = new Set(claimed.filter((c) => c.completed_sent).map((c) => c.response_id));
      const responses = await this.followUps.responses(ids, tx);
      const answers = answersByResponse(await this.followUps.answers(ids, tx));
      const configs = await this.settings.forCampaigns([...new Set(responses.map((r) => r.campaign_id))], tx);
      const contactIds = [...new Set(responses.map((r) => r.contact_id))];
      const candidates = (await this.alertLinks.candidates(contactIds, ids, tx)).map(toCandidate);
      const latest = await this.alertLinks.latestByContact(contactIds, tx);

      const newAlerts: NewAlertRow[] = [];
      const links: AlertLink[] = [];
      const payloads = new Map<string, WebhookPayload[]>();
      const emit = (ws: string, p: WebhookPayload) => payloads.set(ws, [...(payloads.get(ws) ?? []), p]);

      for (const r of responses) {
        const list = answers.get(r.id) ?? [];
        const config = configs.get(r.campaign_id)!;
        const evaluation = evaluateAlertRules(
          { answers: list, language: r.language ?? r.contact_locale, properties: r.properties },
          config.rules,
        );
        if (r.completed && !alreadySent.has(r.id)) emit(r.workspace_id, completedPayload(r, list));
        if (evaluation.matched) {
          const at = new Date(r.completed_at ?? r.updated_at);
          const decision = linkOrCreate(candidates, {
            responseId: r.id,
            campaignId: r.campaign_id,
            contactId: r.contact_id,
            at,
          });
          if (decision.action === 'link') {
            links.push({ responseId: r.id, alertId: decision.alertId, at });
            const c = candidates.find((x) => x.alertId === decision.alertId)!;
            c.responseIds = [...c.responseIds, r.id];
            c.lastResponseAt = at > c.lastResponseAt ? at : c.lastResponseAt;
          } else if (decision.action === 'create') {
            const alert = this.newAlert(
              r,
              list,
              evaluation.matches,
              evaluation.reasons,
              config.rules.routing,
              latest.get(r.contact_id) ?? null,
              now,
            );
            newAlerts.push(alert);
            links.push({ responseId: r.id, alertId: alert.id, at });
            candidates.push({
              alertId: alert.id,
              campaignId: r.campaign_id,
              contactId: r.contact_id,
              status: 'open',
              createdAt: now,
              lastResponseAt: at,
              responseIds: [r.id],
            });
            latest.set(r.contact_id, alert.id);
            emit(r.workspace_id, createdPayload(r, alert, evaluation.matches, now));
          }
        }
      }

      await this.write(tx, newAlerts, links, now);
      for (const [ws, list] of payloads) await this.webhooks.emit(tx, ws, list);
      await this.followUps.markDone(
        responses.map((r) => ({ responseId: r.id, completed: r.completed })),
        now,
        tx,
      );
      // Rows whose response vanished between claim and load (erased): done too.
      const loaded = new Set(responses.map((r) => r.id));
      const gone = ids.filter((id) => !loaded.has(id));
      if (gone.length) await this.followUps.markGone(gone, now, tx);
      if (newAlerts.length) this.log.info({ alerts: newAlerts.length }, 'alerts raised');
      return { processed: ids.length, raised: newAlerts.map((a) => a.id) };
    });
  }

  /** Runs batches until nothing is due (tests, and the worker loop after a wake-up). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { processed } = await this.runOnce();
      total += processed;
      if (processed < BATCH) return total;
    }
  }

  private newAlert(
    r: FollowUpResponseRow,
    answers: StoredAnswer[],
    matches: AlertMatch[],
    reasons: string[],
    routing: Parameters<typeof routeAlert>[1],
    linkedAlertId: string | null,
    now: Date,
  ): NewAlertRow {
    const route = routeAlert(r.properties, routing);
    const context = alertContextOf(r.properties, r.event_type);
    return {
      id: randomUUID(),
      workspace_id: r.workspace_id,
      campaign_id: r.campaign_id,
      contact_id: r.contact_id,
      response_id: r.id,
      assignee: route.owner?.assignee ?? null,
      notify_to: notifyAddresses(route.owner),
      team: context.team,
      agent: context.agent,
      touchpoint: context.touchpoint,
      reasons,
      matches,
      comment: commentOf(answers),
      language: r.language ?? null,
      linked_alert_id: linkedAlertId,
      created_at: now.toISOString(),
    };
  }

  private async write(tx: Queryable, newAlerts: NewAlertRow[], links: AlertLink[], now: Date): Promise<void> {
    if (newAlerts.length) await this.alertLinks.insert(newAlerts, tx);
    if (links.length === 0) return;
    await this.alertLinks.link(links, now, tx);
    const created = new Set(newAlerts.map((a) => a.id));
    const touched = links.filter((l) => !created.has(l.alertId));
    if (touched.length) await this.alertLinks.touch(touched, now, tx);
  }
}

function answersByResponse(rows: FollowUpAnswerRow[]): Map<string, StoredAnswer[]> {
  const out = new Map<string, StoredAnswer[]>();
  for (const a of rows) {
    const numeric = a.value_num !== null;
    const answer: StoredAnswer = {
      questionId: a.question_id,
      type: a.question_type,
      value: numeric ? Number(a.value_num) : a.value_text,
      // A score's words ("3, the queue was awful") are kept in value_text beside the number.
      comment: numeric ? a.value_text : null,
      reported: numeric ? Number(a.value_num) : (a.value_text ?? ''),
    };
    out.set(a.response_id, [...(out.get(a.response_id) ?? []), answer]);
  }
  return out;
}

function commentOf(answers: StoredAnswer[]): string | null {
  const texts = answers
    .flatMap((a) => [a.type === 'text' && typeof a.value === 'string' ? a.value : null, a.comment ?? null])
    .filter((t): t is string => Boolean(t?.trim()));
  return texts.length ? texts.join('\n').slice(0, MAX_COMMENT) : null;
}

function toCandidate(r: LinkCandidateRow): LinkCandidate & { responseIds: string[] } {
  return {
    alertId: r.id,
    campaignId: r.campaign_id,
    contactId: r.contact_id,
    status: r.status,
    createdAt: new Date(r.created_at),
    lastResponseAt: new Date(r.last_response_at),
    responseIds: r.response_ids,
  };
}

function completedPayload(r: FollowUpResponseRow, answers: StoredAnswer[]): WebhookPayload {
  const completedAt = new Date(r.completed_at ?? r.updated_at);
  return responseCompletedPayload(completedAt, {
    workspaceId: r.workspace_id,
    responseId: r.id,
    invitationId: r.invitation_id,
    campaignId: r.campaign_id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    contactId: r.contact_id,
    contactExternalId: r.contact_external_id,
    eventExternalId: r.event_external_id ?? null,
    channel: r.channel,
    completedAt: completedAt.toISOString(),
    late: r.late,
    answers: answers
      .filter((a) => a.reported !== '')
      .map((a) => ({ questionId: a.questionId, questionType: a.type, value: a.reported })),
  });
}

function createdPayload(r: FollowUpResponseRow, alert: NewAlertRow, matches: AlertMatch[], now: Date): WebhookPayload {
  const score = matches.find((m) => m.kind === 'score');
  const keywords = matches.filter((m) => m.kind === 'keyword').map((m) => (m as { keyword: string }).keyword);
  return alertCreatedPayload(now, {
    workspaceId: r.workspace_id,
    alertId: alert.id,
    campaignId: r.campaign_id,
    responseId: r.id,
    contactId: r.contact_id,
    contactExternalId: r.contact_external_id,
    assignee: alert.assignee,
    context: { team: alert.team, agent: alert.agent, touchpoint: alert.touchpoint },
    status: 'open',
    trigger: {
      metric: score?.kind === 'score' ? score.type : 'keyword',
      score: score?.kind === 'score' ? score.value : null,
      keywords,
    },
    comment: alert.comment,
    linkedAlertId: alert.linked_alert_id,
    createdAt: now.toISOString(),
  });
}
