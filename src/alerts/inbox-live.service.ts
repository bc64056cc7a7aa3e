import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { NotificationListener } from '../database/notification.listener';
import { LIVE_CHANNEL } from '../scoring/live/live.triggers';
import { parseResponseChange } from '../scoring/live/live-batching';
import { LiveResponsesRepository } from '../scoring/live/live-responses.repository';
import { SseClient } from '../scoring/live/sse-client';
import { sseRetry } from '../scoring/live/sse-format';
import type { TeamScope } from '../workspaces/principal';
import { alertVisibleTo, parseAlertChange, responseVisibleTo } from './inbox-live';
import { InboxLiveRepository, LiveAlertRow } from './inbox-live.repository';

/** Notifications gathered this long go out as one lookup. */
const FLUSH_DELAY_MS = 100;
const HEARTBEAT_MS = 15_000;
const RETRY_HINT_MS = 3000;
/** Beyond this many changes waiting, a burst is dropped: the client refetches on `resync` or reconnect. */
const MAX_PENDING = 5000;
const LOOKUP_CHUNK = 2000;
const STALL_LIMIT_MS = 60_000;
/** Campaigns never move between workspaces; the cache only saves lookups for workspaces nobody watches. */
const MAX_CACHED_CAMPAIGNS = 50_000;

/** One open inbox: its stream and, for an agent, what they may see. */
interface Subscriber {
  client: SseClient;
  scope: TeamScope | null;
}

/**
 * The workspace stream for the inbox (GET /v1/live): `alert` when an alert is raised or its status
 * or assignee changes, `response` when a response is created or answered, each only to the
 * people who may see it. Listens on the live channel (one connection per process, whichever
 * process wrote the change) and looks changes up in batches, as the campaign stream does.
 */
@Injectable()
export class InboxLiveService implements BeforeApplicationShutdown {
  private readonly byWorkspace = new Map<string, Set<Subscriber>>();
  private readonly campaignWorkspace = new Map<string, string>();
  private readonly pendingAlerts = new Map<string, 'created' | 'updated'>();
  private readonly pendingResponses = new Set<string>();
  private readonly listener: NotificationListener;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(
    private readonly alerts: InboxLiveRepository,
    private readonly responses: LiveResponsesRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.listener = new NotificationListener({
      databaseUrl: config.databaseUrl,
      channel: LIVE_CHANNEL,
      applicationName: 'palaute-inbox-live',
      onNotification: (payload) => this.onNotification(payload),
      onReconnected: () => this.broadcast('resync'),
      log,
    });
  }

  /**
   * Streams the workspace's alert and response changes until the client goes away. Starts with
   * `ready`: changes from then on arrive; what happened before (or while disconnected) is read
   * from GET /v1/alerts and GET /v1/responses.
   */
  async open(workspaceId: string, scope: TeamScope | null, req: Request, res: Response): Promise<void> {
    await this.listener.start();
    if (req.socket.destroyed) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    const client = new SseClient(res, () => this.nextId());
    client.writeRaw(sseRetry(RETRY_HINT_MS));
    const sub: Subscriber = { client, scope };
    let subs = this.byWorkspace.get(workspaceId);
    if (!subs) this.byWorkspace.set(workspaceId, (subs = new Set()));
    subs.add(sub);
    res.on('close', () => this.leave(workspaceId, sub));
    if (!this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
      this.heartbeatTimer.unref();
    }
    client.sendDroppable('ready', { at: new Date().toISOString() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const subs of this.byWorkspace.values()) for (const s of subs) s.client.close();
    this.byWorkspace.clear();
    for (const timer of [this.flushTimer, this.heartbeatTimer]) if (timer) clearTimeout(timer);
    await this.listener.stop();
  }

  private leave(workspaceId: string, sub: Subscriber): void {
    sub.client.close();
    const subs = this.byWorkspace.get(workspaceId);
    subs?.delete(sub);
    if (subs?.size === 0) this.byWorkspace.delete(workspaceId);
    if (this.byWorkspace.size === 0 && this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = null;
    }
  }

  private heartbeat(): void {
    for (const [workspaceId, subs] of this.byWorkspace) {
      for (const s of subs) {
        if (s.client.stalledForMs() > STALL_LIMIT_MS) this.leave(workspaceId, s);
        else s.client.heartbeat();
      }
    }
  }

  private broadcast(event: string): void {
    for (const subs of this.byWorkspace.values())
      for (const s of subs) s.client.sendDroppable(event, { at: new Date().toISOString() });
  }

  private onNotification(payload: string | undefined): void {
    if (this.byWorkspace.size === 0) return;
    const alert = parseAlertChange(payload);
    if (alert) {
      if (!this.byWorkspace.has(alert.workspaceId)) return;
      if (this.pendingAlerts.size >= MAX_PENDING) return;
      if (this.pendingAlerts.get(alert.alertId) !== 'created') this.pendingAlerts.set(alert.alertId, alert.change);
      return this.scheduleFlush();
    }
    const response = parseResponseChange(payload);
    if (!response) return;
    const workspaceId = this.campaignWorkspace.get(response.campaignId);
    if (workspaceId !== undefined && !this.byWorkspace.has(workspaceId)) return;
    if (this.pendingResponses.size >= MAX_PENDING) return;
    this.pendingResponses.add(response.responseId);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushing) return;
    this.flushTimer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    this.flushing = true;
    const alerts = new Map(this.pendingAlerts);
    const responseIds = [...this.pendingResponses];
    this.pendingAlerts.clear();
    this.pendingResponses.clear();
    try {
      for (const row of await this.alerts.alertsByIds([...alerts.keys()]))
        this.sendAlert(row, alerts.get(row.id) ?? 'updated');
      for (let i = 0; i < responseIds.length; i += LOOKUP_CHUNK) {
        for (const { workspaceId, ...event } of await this.responses.byIds(responseIds.slice(i, i + LOOKUP_CHUNK))) {
          if (this.campaignWorkspace.size >= MAX_CACHED_CAMPAIGNS) this.campaignWorkspace.clear();
          this.campaignWorkspace.set(event.campaignId, workspaceId);
          for (const s of this.byWorkspace.get(workspaceId) ?? [])
            if (!s.scope || responseVisibleTo(event.team, s.scope)) s.client.sendDroppable('response', event);
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'inbox live: lookup failed; clients are told to refetch');
      this.broadcast('resync');
    } finally {
      this.flushing = false;
      if (this.pendingAlerts.size || this.pendingResponses.size) this.scheduleFlush();
    }
  }

  private sendAlert(a: LiveAlertRow, change: 'created' | 'updated'): void {
    const audience = { team: a.team, assignee: a.assignee, notifyTo: a.notify_to, agent: a.agent };
    const data = {
      id: a.id,
      change,
      status: a.status,
      assignee: a.assignee,
      team: a.team,
      campaignId: a.campaign_id,
      responseId: a.response_id,
      createdAt: new Date(a.created_at).toISOString(),
      at: new Date(a.updated_at).toISOString(),
    };
    for (const s of this.byWorkspace.get(a.workspace_id) ?? [])
      if (!s.scope || alertVisibleTo(audience, s.scope)) s.client.sendDroppable('alert', data);
  }

  private nextId(): string {
    return `${Date.now()}-${++this.seq}`;
  }
}
