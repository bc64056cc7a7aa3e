import { Injectable } from '@nestjs/common';

import { CALL_STATUS_RANK, callEnd } from '../policy/call-outcome';
import type { MachineVerdicts } from '../policy/machine-verdicts';
import { FallbackService } from './fallback.service';
import { InvitationDeliveryRepository } from './invitation-delivery.repository';

export interface CallStatusUpdate {
  workspaceId: string;
  /** From our own StatusCallback URL. */
  token: string;
  callSid: string;
  status: string;
  answeredBy?: string;
  errorCode?: number;
  sipCode?: number;
  from?: string;
}

/** Applies Twilio's call progress callbacks to the invitation: delivery state, and the outcome once the call ends. */
@Injectable()
export class CallStatusService implements MachineVerdicts {
  constructor(
    private readonly delivery: InvitationDeliveryRepository,
    private readonly fallback: FallbackService,
  ) {}

  /** Resolves false when the callback was stale, replayed or unknown and changed nothing. */
  async record(u: CallStatusUpdate): Promise<boolean> {
    // Own keys only: a CallStatus of "constructor" or "toString" is as unknown as any other word.
    if (!Object.hasOwn(CALL_STATUS_RANK, u.status)) return false;
    const rank = CALL_STATUS_RANK[u.status];
    const end = callEnd(u.status, u.answeredBy, u.errorCode, u.sipCode);
    const changed = await this.delivery.recordCallStatus({
      workspaceId: u.workspaceId,
      token: u.token,
      callSid: u.callSid,
      status: u.status,
      errorCode: u.errorCode ?? null,
      outcome: end?.outcome ?? null,
      permanent: end?.permanent ?? false,
      reason: end && end.outcome !== 'answered' ? end.reason : null,
      rank,
      from: u.from ?? null,
    });
    // A failed call (invalid number, unreachable): on to the campaign's next channel.
    if (changed && end?.permanent) await this.fallback.afterFailure(changed, u.errorCode, end.reason);
    return changed !== null;
  }

  /** The TwiML request came with a machine verdict: recorded at once, before the final callback. */
  async markMachine(invitationId: string, answeredBy: string): Promise<void> {
    await this.delivery.markMachine(invitationId, `answering machine (${answeredBy})`);
  }
}
