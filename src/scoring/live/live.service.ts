import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

import { LOGGER } from '../../common/logger';
import { notFound } from '../../common/problem';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { NotificationListener } from '../../database/notification.listener';
import { ScoredCampaignsRepository } from '../scored-campaigns.repository';
import { ScoresService } from '../scores.service';
import { LIVE_CHANNEL } from './live.triggers';
import { parseResponseChange, PendingChanges, scoresDelay } from './live-batching';
import { LiveResponse, LiveResponsesRepository } from './live-responses.repository';
import { SseClient } from './sse-client';
import { sseRetry } from './sse-format';

/** Notifications gathered this long go out as one lookup: a burst costs one query, not one per answer. */
const FLUSH_DELAY_MS = 100;
/** Scores are recomputed at most this often per campaign per process, however fast responses arrive. */
const SCORES_MIN_INTERVAL_MS = 1000;
/** Below the 30–60 s idle timeouts of common proxies and load balancers. */
const HEARTBEAT_MS = 15_000;
const RETRY_HINT_MS = 3000;
/** Beyond this many responses waiting per campaign, a burst is reported by its scores alone. */
const MAX_PENDING_PER_CAMPAIGN = 1000;
/** Ids per lookup statement. */
const LOOKUP_CHUNK = 2000;
/** A dashboard whose socket has been full this long is gone or hopeless: cut it off. */
const STALL_LIMIT_MS = 60_000;

/** The dashboards watching one campaign in this process, and that campaign's scores schedule. */
interface Feed {
  workspaceId: string;
  campaignId: string;
  clients: Set<SseClient>;
  scoresTimer: NodeJS.Timeout | null;
  computing: boolean;
  /** A change arrived while scores were being computed: compute again afterwards. */
  dirty: boolean;
  lastScoresAt?: number;
  /** The on-connect computation, shared by dashboards connecting at the same moment. */
  initial: Promise<unknown> | null;
}

/**
 * Server-sent events of new responses and updated scores. Every process listens on one Postgres
 * connection for the live-notify triggers' notifications, whichever process or tool wrote the
 * response; it looks the changed responses up once per tick for all its dashboards, and recomputes
 * a campaign's scores at most once a second however many dashboards watch it.
 */
@Injectable()
export class LiveService implements BeforeApplicationShutdown {
  private readonly feeds = new Map<string, Feed>();
  private readonly pending = new PendingChanges(MAX_PENDING_PER_CAMPAIGN);
  private readonly listener: NotificationListener;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(
    private readonly responses: LiveResponsesRepository,
    private readonly scores: ScoresService,
    private readonly campaigns: ScoredCampaignsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.listener = new NotificationListener({
      databaseUrl: config.databaseUrl,
      channel: LIVE_CHANNEL,
      applicationName: 'palaute-live',
      onNotification: (payload) => this.onChange(payload),
      onReconnected: () => this.refreshAll(),
      log,
    });
  }

  /** Open streams in this process (all campaigns). */
  get subscriberCount(): number {
    let n = 0;
    for (const feed of this.feeds.values()) n += feed.clients.size;
    return n;
  }

  /**
   * Streams a campaign's responses and scores until the client goes away. Throws (404) before any
   * byte is written when the campaign is not the workspace's. The stream always starts with fresh
   * scores, so a client reconnecting with Last-Event-ID catches up on the figures; the responses it
   * missed are not replayed (GET /v1/responses lists them).
   */
  async open(workspaceId: string, campaignId: string, req: Request, res: Response): Promise<void> {
    if (!(await this.campaigns.exists(workspaceId, campaignId))) throw notFound('Campaign');
    // Listening before the first scores are read: a change between the two is not missed.
    await this.listener.start();
    // Gone while we checked: its 'close' has already fired, so it must not be registered.
    if (req.socket.destroyed) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-store also keeps a key sent as ?access_token= out of caches (RFC 6750 §2.3).
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Tells nginx not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    const client = new SseClient(res, () => this.nextId());
    client.writeRaw(sseRetry(RETRY_HINT_MS));
    const feed = this.join(workspaceId, campaignId, client);
    res.on('close', () => this.leave(feed, client));
    try {
      client.sendInitialScores(await this.initialScores(feed));
    } catch (err) {
      // Headers are gone: no problem+json now. Ending lets EventSource retry after the hint.
      this.log.warn({ err, campaignId }, 'live: initial scores failed');
      client.close();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Open streams would keep the HTTP server from closing.
    for (const feed of this.feeds.values()) {
      if (feed.scoresTimer) clearTimeout(feed.scoresTimer);
      for (const client of feed.clients) client.close();
    }
    this.feeds.clear();
    for (const timer of [this.flushTimer, this.heartbeatTimer]) if (timer) clearTimeout(timer);
    await this.listener.stop();
  }

  private join(workspaceId: string, campaignId: string, client: SseClient): Feed {
    let feed = this.feeds.get(campaignId);
    if (!feed) {
      feed = {
        workspaceId,
        campaignId,
        clients: new Set(),
        scoresTimer: null,
        computing: false,
        dirty: false,
        initial: null,
      };
      this.feeds.set(campaignId, feed);
    }
    feed.clients.add(client);
    if (!this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
      this.heartbeatTimer.unref();
    }
    return feed;
  }

  private leave(feed: Feed, client: SseClient): void {
    client.close();
    feed.clients.delete(client);
    if (feed.clients.size === 0 && this.feeds.get(feed.campaignId) === feed) {
      this.feeds.delete(feed.campaignId);
      this.pending.forget(feed.campaignId);
      if (feed.scoresTimer) clearTimeout(feed.scoresTimer);
      feed.scoresTimer = null;
    }
    if (this.feeds.size === 0 && this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = null;
    }
  }

  private heartbeat(): void {
    for (const feed of this.feeds.values()) {
      for (const client of feed.clients) {
        if (client.stalledForMs() > STALL_LIMIT_MS) this.leave(feed, client);
        else client.heartbeat();
      }
    }
  }

  private onChange(payload: string | undefined): void {
    const change = parseResponseChange(payload);
    // Changes to campaigns nobody here watches cost a map lookup.
    if (!change || !this.feeds.has(change.campaignId)) return;
    this.pending.add(change);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushing) return;
    this.flushTimer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** One tick: looks up every changed response for every watched campaign, fans them out, schedules scores. */
  private async flush(): Promise<void> {
    this.flushTimer = null;
    this.flushing = true;
    const batch = this.pending.takeAll();
    const dropped = this.pending.takeDropped();
    if (dropped) this.log.debug({ dropped }, 'live: burst above the per-campaign cap; scores will carry it');
    try {
      const ids = [...batch.values()].flat();
      for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
        const byFeed = new Map<Feed, LiveResponse[]>();
        for (const { workspaceId, team: _team, ...event } of await this.responses.byIds(
          ids.slice(i, i + LOOKUP_CHUNK),
        )) {
          const feed = this.feeds.get(event.campaignId);
          if (!feed || feed.workspaceId !== workspaceId) continue;
          byFeed.set(feed, [...(byFeed.get(feed) ?? []), event]);
        }
        for (const [feed, events] of byFeed) {
          for (const client of feed.clients) client.batch(() => events.forEach((e) => client.sendResponse(e)));
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'live: response lookup failed; scores still follow');
    } finally {
      this.flushing = false;
      for (const campaignId of batch.keys()) {
        const feed = this.feeds.get(campaignId);
        if (feed) this.scoresChanged(feed);
      }
      if (this.pending.size) this.scheduleFlush();
    }
  }

  private scoresChanged(feed: Feed): void {
    if (feed.scoresTimer || feed.computing) {
      feed.dirty = true;
      return;
    }
    const delay = scoresDelay(Date.now(), feed.lastScoresAt, SCORES_MIN_INTERVAL_MS);
    feed.scoresTimer = setTimeout(() => void this.pushScores(feed), delay);
  }

  private async pushScores(feed: Feed): Promise<void> {
    feed.scoresTimer = null;
    feed.computing = true;
    feed.dirty = false;
    feed.lastScoresAt = Date.now();
    try {
      const scores = await this.scores.scores({ workspaceId: feed.workspaceId, campaignId: feed.campaignId });
      for (const client of feed.clients) client.sendScores(scores);
    } catch (err) {
      this.log.warn({ err, campaignId: feed.campaignId }, 'live: scores failed');
    } finally {
      feed.computing = false;
      if (feed.dirty && this.feeds.get(feed.campaignId) === feed) this.scoresChanged(feed);
    }
  }

  private initialScores(feed: Feed): Promise<unknown> {
    feed.initial ??= this.scores.scores({ workspaceId: feed.workspaceId, campaignId: feed.campaignId }).finally(() => {
      feed.initial = null;
    });
    return feed.initial;
  }

  /** After the listener was away, anything may have changed: fresh scores for everyone. */
  private refreshAll(): void {
    for (const feed of this.feeds.values()) this.scoresChanged(feed);
  }

  /** Unique within the process and increasing: epoch milliseconds and a counter. */
  private nextId(): string {
    return `${Date.now()}-${++this.seq}`;
  }
}
