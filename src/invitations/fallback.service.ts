import { Injectable } from '@nestjs/common';

import { Queryable } from '../database/sql';
import { formatReason } from '../policy/reasons';
import { QueueService } from '../queue/queue.service';
import { InvitationSendsRepository } from './invitation-sends.repository';
import { InvitationsRepository } from './invitations.repository';
import { nextChannel } from './next-channel';

/** A move to the next channel, and why. */
export interface FallBack {
  invitationId: string;
  fromStatus: 'sending' | 'failed';
  step: number;
  channel: string;
  code?: number;
  cause: string;
}

/**
 * A sent invitation that failed for good later (a carrier's permanent delivery failure, a failed
 * call) moves on to the next channel the contact can receive, as a new step: one cadence per
 * invitation, never two channels at once.
 */
@Injectable()
export class FallbackService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly sends: InvitationSendsRepository,
    private readonly queue: QueueService,
  ) {}

  async afterFailure(invitationId: string, code: number | undefined, cause: string): Promise<string | null> {
    const inv = await this.invitations.standing(invitationId);
    if (!inv || inv.status !== 'failed' || inv.answered) return null;
    const next = nextChannel(inv, false);
    if (!next) return null;
    const step = Number(inv.step) + 1;
    if (!(await this.fallBackTo({ invitationId, fromStatus: 'failed', step, channel: next, code, cause }))) return null;
    await this.queue.enqueueSends([{ invitationId, step, channel: next, delayMs: 0 }]);
    return next;
  }

  /**
   * One cadence per invitation: the same row moves to `channel` as step `step`, due now, with the
   * reason, only if it is still at the step before in `fromStatus`. Shared by the send path (a
   * refusal while sending) and later failures. Returns whether it moved.
   */
  fallBackTo(f: FallBack, tx?: Queryable): Promise<boolean> {
    return this.sends.moveToChannel(
      {
        invitationId: f.invitationId,
        fromStatus: f.fromStatus,
        step: f.step,
        channel: f.channel,
        reason: formatReason({ kind: 'fell-back', to: f.channel as never, code: f.code, cause: f.cause }).slice(0, 500),
        code: f.code ?? null,
      },
      tx,
    );
  }
}
