import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';

import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail } from '../../channels/channel-adapter';
import { Clock } from '../../common/clock';
import { LOGGER } from '../../common/logger';
import { notFound } from '../../common/problem';
import { ScoresService } from '../../scoring/scores.service';
import { TextInsightsService } from '../../scoring/text-insights.service';
import { AlertSettingsRepository } from '../alert-settings.repository';
import { AlertSettingsService, StaffLocale } from '../alert-settings.service';
import { AlertsRepository } from '../alerts.repository';
import { openAlertsByAge } from '../metrics';
import { DigestInput, DigestMetric, DigestScore, renderDigestEmail, TREND_CID } from './digest.template';
import { DigestRunsRepository } from './digest-runs.repository';
import { trendSvg, TrendWeek } from './digest-trend';
import { DigestWeek, dueDigestWeek } from './digest-week';
import { svgToPng } from './trend-png';

/** A claim older than this whose send never finished (the worker died) may be taken again. */
const STALE_CLAIM_MINUTES = 10;
const THEMES = 5;
/** How many weeks the trend picture shows, the reported week last. */
const TREND_WEEKS = 8;

/**
 * The weekly digest. Once per workspace and week, whatever number of workers run: a worker first
 * claims the (workspace, week) row, and only the one whose INSERT went in sends.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly runs: DigestRunsRepository,
    private readonly alerts: AlertsRepository,
    private readonly audiences: AlertSettingsRepository,
    private readonly settings: AlertSettingsService,
    private readonly clock: Clock,
    private readonly scores: ScoresService,
    private readonly text: TextInsightsService,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Sends every digest that is due and not yet sent; returns how many this call sent. */
  async sendDue(): Promise<number> {
    const now = this.clock.now();
    const workspaces = await this.audiences.digestAudiences();
    let sent = 0;
    for (const ws of workspaces) {
      const week = dueDigestWeek(now, ws.timezone);
      if (!(await this.runs.claim(ws.workspace_id, week.weekStart, now, STALE_CLAIM_MINUTES))) continue;
      try {
        const input = await this.build(ws.workspace_id, ws.name, ws.locale, ws.timezone, week);
        await this.email.send({
          channel: 'email',
          invitationId: null,
          to: ws.digest_recipients.join(', '),
          ...renderDigestEmail(input),
          inlineImages: await this.trendImages(input.trend),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Palaute-Digest': week.weekStart },
          messageId: `<digest-${ws.workspace_id}-${week.weekStart}@palaute>`,
        });
        await this.runs.markSent(ws.workspace_id, week.weekStart, now, ws.digest_recipients.length);
        sent++;
      } catch (err) {
        // Release the claim so the next check tries again.
        this.log.error({ workspaceId: ws.workspace_id, err: (err as Error).message }, 'weekly digest failed');
        await this.runs.release(ws.workspace_id, week.weekStart);
      }
    }
    return sent;
  }

  /** The latest due digest as data and as the email would show it, without sending anything. */
  async preview(workspaceId: string, at: Date | undefined) {
    const s = await this.settings.workspaceSettings(workspaceId);
    const name = await this.audiences.workspaceName(workspaceId);
    if (name === undefined) throw notFound('Workspace');
    const week = dueDigestWeek(at ?? this.clock.now(), s.timezone);
    const data = await this.build(workspaceId, name, s.locale, s.timezone, week);
    return { weekStart: week.weekStart, recipients: s.digestRecipients, data, email: renderDigestEmail(data) };
  }

  /** NPS per week over the last TREND_WEEKS weeks, weeks cut in the workspace's zone; empty weeks kept as gaps. */
  private async trend(workspaceId: string, zone: string, week: DigestWeek): Promise<TrendWeek[]> {
    const first = DateTime.fromISO(week.weekStart, { zone }).minus({ weeks: TREND_WEEKS - 1 });
    const report = await this.scores.report({
      workspaceId,
      where: {},
      from: first.toJSDate(),
      to: week.to,
      groupBy: [],
      interval: 'week',
      timeZone: zone,
    });
    const byWeek = new Map(
      (report.groups ?? []).map((g) => [DateTime.fromISO(g.period!, { zone }).toISODate(), g.nps] as const),
    );
    return Array.from({ length: TREND_WEEKS }, (_, i) => {
      const weekStart = first.plus({ weeks: i }).toISODate()!;
      const nps = byWeek.get(weekStart);
      return {
        weekStart,
        score: nps?.score ?? null,
        low: nps?.interval?.low ?? null,
        high: nps?.interval?.high ?? null,
        n: nps?.n ?? 0,
      };
    });
  }

  /** The trend as an inline PNG when any week has a score (the HTML refers to it only then). */
  private async trendImages(trend: TrendWeek[]) {
    if (!trend.some((w) => w.score !== null)) return undefined;
    const content = await svgToPng(trendSvg(trend));
    return [{ cid: TREND_CID, filename: 'nps-trend.png', contentType: 'image/png' as const, content }];
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
    const [compared, themes, open, trend] = await Promise.all([
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
      this.alerts.unresolved(workspaceId),
      this.trend(workspaceId, zone, week),
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
      trend,
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
}
