import { Injectable, OnModuleInit } from '@nestjs/common';

import { Clock } from '../common/clock';
import { Sql } from '../database/sql';
import { nextRuns } from '../policy/schedule';
import { QueueService } from '../queue/queue.service';
import type { EventInput } from './event.schema';
import { EventsService } from './events.service';

const CHECK_EVERY_MS = 30_000;
const PAGE = 1_000;

interface DueCampaign {
  id: string;
  workspace_id: string;
  event_type: string;
  schedule: { cron: string; timezone: string };
  audience: { attributes?: Record<string, unknown>; externalIds?: string[] } | null;
  spread_ms: string | null;
  next_run_at: Date;
}

/**
 * The `campaigns.relationship-runs` job, every 30 s: at each scheduled run of a relationship
 * campaign, one event of the campaign's trigger type per contact in its audience, so sampling,
 * quiet hours, caps, fatigue and every other rule decide as for any event. Event ids name the run
 * and the contact, so a repeated run adds nothing; each campaign's spreadOver spreads the sends as
 * each event is decided. A run is claimed by moving the campaign's next run forward, so two
 * workers never both run it; a run cut short by a crash keeps what it emitted and is not resumed.
 */
@Injectable()
export class RelationshipRunsProcessor implements OnModuleInit {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly events: EventsService,
    private readonly queue: QueueService,
  ) {}

  onModuleInit(): void {
    this.queue.schedule({ name: 'campaigns.relationship-runs', everyMs: CHECK_EVERY_MS, run: () => this.runDue() });
  }

  /** Plans campaigns without a next run, then runs the due ones; returns how many events were emitted. */
  async runDue(now = this.clock.now()): Promise<number> {
    // A new or re-scheduled campaign starts at its next run, not at once.
    for (const c of await this.db.query(
      `SELECT id, schedule FROM campaigns WHERE schedule IS NOT NULL AND status = 'active' AND next_run_at IS NULL`,
    )) {
      const [next] = nextRuns(c.schedule.cron, c.schedule.timezone, now, 1);
      await this.db.query(`UPDATE campaigns SET next_run_at = $2 WHERE id = $1 AND next_run_at IS NULL`, [c.id, next]);
    }
    let emitted = 0;
    const due: DueCampaign[] = await this.db.query(
      `SELECT id, workspace_id, event_type, schedule, audience, spread_ms, next_run_at FROM campaigns
       WHERE schedule IS NOT NULL AND status = 'active' AND next_run_at <= $1`,
      [now],
    );
    for (const c of due) {
      const runAt = new Date(c.next_run_at);
      const [next] = nextRuns(
        c.schedule.cron,
        c.schedule.timezone,
        new Date(Math.max(now.getTime(), runAt.getTime())),
        1,
      );
      const [claimed] = await this.db.query(
        `UPDATE campaigns SET next_run_at = $2 WHERE id = $1 AND next_run_at = $3 RETURNING id`,
        [c.id, next, runAt],
      );
      if (claimed) emitted += await this.emit(c, runAt);
    }
    return emitted;
  }

  private async emit(c: DueCampaign, runAt: Date): Promise<number> {
    let after = '';
    let emitted = 0;
    for (;;) {
      const contacts = await this.db.query(
        `SELECT external_id FROM contacts WHERE workspace_id = $1 AND attributes @> $2::jsonb AND ($3::text[] IS NULL OR external_id = ANY($3))
           AND external_id > $4 ORDER BY external_id LIMIT ${PAGE}`,
        [c.workspace_id, JSON.stringify(c.audience?.attributes ?? {}), c.audience?.externalIds ?? null, after],
      );
      await Promise.all(
        contacts.map(({ external_id: externalId }) => {
          // The campaign's spreadOver spreads the sends when each event is decided.
          const id = `run:${c.id}:${runAt.toISOString()}:${externalId}`;
          const event = {
            type: c.event_type,
            id,
            occurredAt: runAt.toISOString(),
            contact: { externalId },
          } as EventInput;
          return this.events.ingest(c.workspace_id, event, event);
        }),
      );
      emitted += contacts.length;
      if (contacts.length < PAGE) return emitted;
      after = contacts[contacts.length - 1].external_id;
    }
  }
}
