import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';

import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail } from '../../channels/channel-adapter';
import { Clock } from '../../common/clock';
import { LOGGER } from '../../common/logger';
import { Sql } from '../../database/sql';
import { ScoresService } from '../../scoring/scores.service';
import { TextInsightsService } from '../../scoring/text-insights.service';
import { StaffLocale } from '../alert-settings.service';
import { openAlertsByAge } from '../metrics';
import { DigestInput, DigestMetric, DigestScore, renderDigestEmail } from './digest.template';
import { DigestWeek, dueDigestWeek } from './digest-week';

/** A claim older than this whose send never finished (the worker died) may be taken again. */
const STALE_CLAIM_MINUTES = 10;
const THEMES = 5;

/**
 * The weekly digest. Once per workspace and week, whatever number of workers run: a worker first
 * claims the (workspace, week) row, and only the one whose INSERT went in sends.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly scores: ScoresService,
    private readonly text: TextInsightsService,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Sends every digest that is due and not yet sent; returns how many this call sent. */
  async sendDue(): Promise<number> {
    const now = this.clock.now();
    const workspaces = await this.db.query(
      `SELECT s.workspace_id, s.digest_recipients, s.locale, s.timezone, w.name FROM alert_settings s JOIN workspaces w ON w.id = s.workspace_id
       WHERE cardinality(s.digest_recipients) > 0`,
    );
    let sent = 0;
    for (const ws of workspaces) {
      const week = dueDigestWeek(now, ws.timezone);
      if (!(await this.claim(ws.workspace_id, week.weekStart, now))) continue;
      try {
        const input = await this.build(ws.workspace_id, ws.name, ws.locale, ws.timezone, week);
        await this.email.send({
          channel: 'email',
          invitationId: null,
          to: ws.digest_recipients.join(', '),
          ...renderDigestEmail(input),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Palaute-Digest': week.weekStart },
          messageId: `<digest-${ws.workspace_id}-${week.weekStart}@palaute>`,
        });
        await this.db.query(
          `UPDATE digest_runs SET sent_at = $3, recipients = $4 WHERE workspace_id = $1 AND week_start = $2`,
          [ws.workspace_id, week.weekStart, now, ws.digest_recipients.length],
        );
        sent++;
      } catch (err) {
        // Release the claim so the next check tries again.
        this.log.error({ workspaceId: ws.workspace_id, err: (err as Error).message }, 'weekly digest failed');
        await this.db.query(`DELETE FROM digest_runs WHERE workspace_id = $1 AND week_start = $2 AND sent_at IS NULL`, [
          ws.workspace_id,
          week.weekStart,
        ]);
      }
    }
    return sent;
  }

  /** What the digest for that week says, for the preview route and the email. */
  async build(
    workspaceId: string,
    workspaceName: string,
    locale: StaffLocale,
    zone: string,
    week: DigestWeek,
  ): Promise<DigestInput> {
    const metrics: DigestMetric[] = ['nps', 'csat', 'ces'];
    const [compared, themes, open] = await Promise.all([
      Promise.all(
        metrics.map((metric) =>
          this.scores.compare({
            workspaceId,
            metric,
            where: {},
            a: { from: week.from, to: week.to, where: {} },
            b: { from: week.previousFrom, to: week.from, where: {} },
          }),
        ),
      ),
      this.text.themes({ workspaceId, from: week.from, to: week.to }, THEMES),
      this.db.query(`SELECT status, created_at FROM alerts WHERE workspace_id = $1 AND status <> 'resolved'`, [
        workspaceId,
      ]),
    ]);
    const scores: DigestScore[] = compared
      .map((c, i) => ({
        metric: metrics[i],
        thisWeek: c.a.score,
        lastWeek: c.b.score,
        n: c.a.n,
        previousN: c.b.n,
        difference: c.difference,
        significant: c.significant && !c.tooFewToJudge,
        tooFewToJudge: c.tooFewToJudge,
      }))
      .filter((s) => s.n > 0 || s.previousN > 0);
    return {
      locale,
      workspaceName,
      firstDay: week.weekStart,
      lastDay: DateTime.fromJSDate(week.to, { zone }).minus({ days: 1 }).toISODate()!,
      scores,
      detractorThemes: themes.detractorThemes.map((t) => t.label),
      openAlerts: openAlertsByAge(
        open.map((a) => ({
          status: a.status,
          createdAt: new Date(a.created_at),
          acknowledgedAt: null,
          resolvedAt: null,
        })),
        this.clock.now(),
      ),
    };
  }

  private async claim(workspaceId: string, weekStart: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO digest_runs (workspace_id, week_start, started_at) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, week_start) DO UPDATE SET started_at = EXCLUDED.started_at
         WHERE digest_runs.sent_at IS NULL AND digest_runs.started_at < EXCLUDED.started_at - make_interval(mins => $4)
       RETURNING 1`,
      [workspaceId, weekStart, now, STALE_CLAIM_MINUTES],
    );
    return rows.length > 0;
  }
}
