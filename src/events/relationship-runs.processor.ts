import { Injectable, OnModuleInit } from '@nestjs/common';

import { CampaignsService, RelationshipRun } from '../campaigns/campaigns.service';
import { Clock } from '../common/clock';
import { QueueService } from '../queue/queue.service';
import { AUDIENCE_PAGE, AudienceRepository } from './audience.repository';
import type { EventInput } from './event.schema';
import { EventsService } from './events.service';

const CHECK_EVERY_MS = 30_000;

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
    private readonly clock: Clock,
    private readonly campaigns: CampaignsService,
    private readonly audience: AudienceRepository,
    private readonly events: EventsService,
    private readonly queue: QueueService,
  ) {}

  onModuleInit(): void {
    this.queue.schedule({ name: 'campaigns.relationship-runs', everyMs: CHECK_EVERY_MS, run: () => this.runDue() });
  }

  /** Plans campaigns without a next run, then runs the due ones; returns how many events were emitted. */
  async runDue(now = this.clock.now()): Promise<number> {
    await this.campaigns.planRelationshipRuns(now);
    let emitted = 0;
    for (const run of await this.campaigns.dueRelationshipRuns(now)) {
      if (await this.campaigns.claimRelationshipRun(run, now)) emitted += await this.emit(run);
    }
    return emitted;
  }

  private async emit(run: RelationshipRun): Promise<number> {
    let after = '';
    let emitted = 0;
    for (;;) {
      const externalIds = await this.audience.page(run.workspaceId, run.audience, after);
      await Promise.all(
        externalIds.map((externalId) => {
          // The campaign's spreadOver spreads the sends when each event is decided.
          const id = `run:${run.campaignId}:${run.runAt.toISOString()}:${externalId}`;
          const event = {
            type: run.eventType,
            id,
            occurredAt: run.runAt.toISOString(),
            contact: { externalId },
          } as EventInput;
          return this.events.ingest(run.workspaceId, event, event);
        }),
      );
      emitted += externalIds.length;
      if (externalIds.length < AUDIENCE_PAGE) return emitted;
      after = externalIds[externalIds.length - 1];
    }
  }
}
