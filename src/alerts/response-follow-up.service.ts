import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { Clock } from '../common/clock';
import { LOGGER } from '../common/logger';
import { Queryable, Sql } from '../database/sql';
import type { QuestionType } from '../surveys/survey-definition';
import { alertCreatedPayload, responseCompletedPayload, WebhookPayload } from '../webhooks/event-payloads';
import { WebhooksService } from '../webhooks/webhooks.service';
import { alertContextOf } from './alert-context';
import { LinkCandidate, linkOrCreate } from './alert-link';
import { AlertAnswer, AlertMatch, evaluateAlertRules } from './alert-rules';
import { AlertSettingsService } from './alert-settings.service';
import * as SQL from './follow-up.sql';
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
    private readonly clock: Clock,
    private readonly settings: AlertSettingsService,
    private readonly webhooks: WebhooksService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Processes one batch of due responses; returns how many, and the alerts it raised. */
  async runOnce(limit = BATCH): Promise<{ processed: number; raised: string[] }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const claimed = await tx.query(SQL.CLAIM_DUE, [now, limit], 'followup-claim');
      if (claimed.length === 0) return { processed: 0, raised: [] };
      const ids = claimed.map((c) => c.response_id as string);
      const alreadySent = new Set(claimed.filter((c) => c.completed_sent).map((c) => c.response_id as string));
      const responses = await tx.query(SQL.LOAD_RESPONSES, [ids], 'followup-responses');
      const answers = answersByResponse(await tx.query(SQL.LOAD_ANSWERS, [ids], 'followup-answers'));
      const configs = await this.settings.forCampaigns(tx, [...new Set(responses.map((r) => r.campaign_id as string))]);
      const contactIds = [...new Set(responses.map((r) => r.contact_id as string))];
      const candidates = (await tx.query(SQL.LOAD_LINK_CANDIDATES, [contactIds, ids])).map(toCandidate);
      const latest = new Map(
        (await tx.query(SQL.LOAD_LATEST_ALERTS, [contactIds])).map((r) => [r.contact_id as string, r.id as string]),
      );

      const newAlerts: Record<string, unknown>[] = [];
      const links: Array<{ responseId: string; alertId: string; at: Date }> = [];
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
            links.push({ responseId: r.id, alertId: alert.id as string, at });
            candidates.push({
              alertId: alert.id as string,
              campaignId: r.campaign_id,
              contactId: r.contact_id,
              status: 'open',
              createdAt: now,
              lastResponseAt: at,
              responseIds: [r.id],
            });
            latest.set(r.contact_id, alert.id as string);
            emit(r.workspace_id, createdPayload(r, alert, evaluation.matches, now));
          }
        }
      }

      await this.write(tx, newAlerts, links, now);
      for (const [ws, list] of payloads) await this.webhooks.emit(tx, ws, list);
      await tx.query(
        SQL.MARK_DONE,
        [responses.map((r) => r.id), now, responses.map((r) => r.completed)],
        'followup-done',
      );
      // Rows whose response vanished between claim and load (erased): done too.
      const loaded = new Set(responses.map((r) => r.id as string));
      const gone = ids.filter((id) => !loaded.has(id));
      if (gone.length) await tx.query(SQL.MARK_DONE, [gone, now, gone.map(() => false)]);
      if (newAlerts.length) this.log.info({ alerts: newAlerts.length }, 'alerts raised');
      return { processed: ids.length, raised: newAlerts.map((a) => a.id as string) };
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
    r: Record<string, any>,
    answers: StoredAnswer[],
    matches: AlertMatch[],
    reasons: string[],
    routing: Parameters<typeof routeAlert>[1],
    linkedAlertId: string | null,
    now: Date,
  ) {
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
      ...context,
      reasons,
      matches,
      comment: commentOf(answers),
      language: r.language ?? null,
      linked_alert_id: linkedAlertId,
      created_at: now.toISOString(),
    };
  }

  private async write(
    tx: Queryable,
    newAlerts: Record<string, unknown>[],
    links: Array<{ responseId: string; alertId: string; at: Date }>,
    now: Date,
  ): Promise<void> {
    if (newAlerts.length) await tx.query(SQL.INSERT_ALERTS, [JSON.stringify(newAlerts)]);
    if (links.length === 0) return;
    await tx.query(SQL.LINK_RESPONSES, [
      links.map((l) => l.responseId),
      links.map((l) => l.alertId),
      links.map(() => now),
    ]);
    const created = new Set(newAlerts.map((a) => a.id));
    const touched = links.filter((l) => !created.has(l.alertId));
    if (touched.length)
      await tx.query(SQL.TOUCH_LINKED, [touched.map((l) => l.alertId), touched.map((l) => l.at), now]);
  }
}

function answersByResponse(rows: Record<string, any>[]): Map<string, StoredAnswer[]> {
  const out = new Map<string, StoredAnswer[]>();
  for (const a of rows) {
    const numeric = a.value_num !== null;
    const answer: StoredAnswer = {
      questionId: a.question_id,
      type: a.question_type as QuestionType,
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

function toCandidate(r: Record<string, any>): LinkCandidate & { responseIds: string[] } {
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

function completedPayload(r: Record<string, any>, answers: StoredAnswer[]): WebhookPayload {
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

function createdPayload(
  r: Record<string, any>,
  alert: Record<string, any>,
  matches: AlertMatch[],
  now: Date,
): WebhookPayload {
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
