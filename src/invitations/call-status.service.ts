import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import { CALL_STATUS_RANK, callEnd } from '../policy/call-outcome';
import type { MachineVerdicts } from '../policy/machine-verdicts';
import { FallbackService } from './fallback.service';

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

const RANK_SQL = `CASE COALESCE(i.delivery_status, 'queued') ${Object.entries(CALL_STATUS_RANK)
  .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
  .join(' ')} ELSE 0 END`;

// Only forward: a replayed or late callback changes nothing. A callback can beat the worker's own
// "sent" write (the call was placed, the worker has not recorded it yet, or it died): it completes
// the send then, so a retry does not ring the person twice. A machine verdict from the TwiML
// request is kept over the final status.
const APPLY_SQL = `
  UPDATE invitations i SET
    delivery_status = $4, delivery_error_code = COALESCE($5, i.delivery_error_code), delivery_updated_at = now(),
    provider_message_id = COALESCE(i.provider_message_id, $3), sender = COALESCE(i.sender, $10),
    call_outcome = CASE WHEN i.call_outcome = 'machine' THEN i.call_outcome ELSE COALESCE($6, i.call_outcome) END,
    status = CASE WHEN $7 THEN 'failed' WHEN i.status = 'sending' THEN 'sent' ELSE i.status END,
    status_reason = CASE WHEN i.call_outcome = 'machine' THEN i.status_reason ELSE COALESCE($8, i.status_reason) END,
    sent_at = COALESCE(i.sent_at, now()),
    expires_at = COALESCE(i.expires_at, now() + cp.expiry_ms * interval '1 millisecond'),
    updated_at = now()
  FROM campaigns cp
  WHERE i.workspace_id = $1 AND i.token = $2 AND i.channel = 'voice' AND cp.id = i.campaign_id
    AND i.status IN ('sending', 'sent', 'failed')
    AND (i.provider_message_id IS NULL OR i.provider_message_id = $3)
    AND ${RANK_SQL} < $9
  RETURNING i.id`;

/** Applies Twilio's call progress callbacks to the invitation: delivery state, and the outcome once the call ends. */
@Injectable()
export class CallStatusService implements MachineVerdicts {
  constructor(
    private readonly db: Sql,
    private readonly fallback: FallbackService,
  ) {}

  /** Resolves false when the callback was stale, replayed or unknown and changed nothing. */
  async record(u: CallStatusUpdate): Promise<boolean> {
    const rank = CALL_STATUS_RANK[u.status];
    if (rank === undefined) return false;
    const end = callEnd(u.status, u.answeredBy, u.errorCode, u.sipCode);
    const rows = await this.db.query(APPLY_SQL, [
      u.workspaceId,
      u.token,
      u.callSid,
      u.status,
      u.errorCode ?? null,
      end?.outcome ?? null,
      end?.permanent ?? false,
      end && end.outcome !== 'answered' ? end.reason : null,
      rank,
      u.from ?? null,
    ]);
    // A failed call (invalid number, unreachable): on to the campaign's next channel.
    if (rows.length && end?.permanent) await this.fallback.afterFailure(rows[0].id, u.errorCode, end.reason);
    return rows.length > 0;
  }

  /** The TwiML request came with a machine verdict: recorded at once, before the final callback. */
  async markMachine(invitationId: string, answeredBy: string): Promise<void> {
    await this.db.query(
      `UPDATE invitations SET call_outcome = 'machine', status_reason = $2, updated_at = now() WHERE id = $1`,
      [invitationId, `answering machine (${answeredBy})`],
    );
  }
}
