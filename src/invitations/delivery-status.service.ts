import { Injectable } from '@nestjs/common';

import {
  PERMANENT_TWILIO_CODES,
  TRANSIENT_TWILIO_CODES,
  TWILIO_UNSUBSCRIBED,
} from '../channels/twilio/twilio-error-codes';
import { GroupCommit } from '../common/group-commit';
import { ContactsService } from '../contacts/contacts.service';
import { QueueService } from '../queue/queue.service';
import { FallbackService } from './fallback.service';
import { DeliveryAppliedRow, InvitationDeliveryRepository } from './invitation-delivery.repository';
import { MESSAGE_STATUS_RANK as RANK } from './message-status';

export interface DeliveryUpdate {
  workspaceId: string;
  /** From our own StatusCallback URL; the MessageSid finds the row when it is missing. */
  invitationId?: string;
  messageSid: string;
  status: string;
  errorCode?: number;
  /** The number the message went out from (for a Messaging Service, the one Twilio picked). */
  from?: string;
}

const keyOf = (u: DeliveryUpdate) => `${u.workspaceId}|${u.invitationId ?? ''}|${u.messageSid}`;

@Injectable()
export class DeliveryStatusService {
  /**
   * Each text brings two or three callbacks; those arriving together are applied in one statement.
   * Several for one message in a batch collapse to the furthest state first, since one UPDATE can
   * change a row only once.
   */
  private readonly writer = new GroupCommit<DeliveryUpdate, boolean>((batch) => this.apply(batch));

  constructor(
    private readonly delivery: InvitationDeliveryRepository,
    private readonly queue: QueueService,
    private readonly contacts: ContactsService,
    private readonly fallback: FallbackService,
  ) {}

  /** Applies a status callback; resolves false when it was stale (or unknown) and changed nothing. */
  record(update: DeliveryUpdate): Promise<boolean> {
    // Own keys only: a MessageStatus of "constructor" or "toString" is as unknown as any other word.
    if (!Object.hasOwn(RANK, update.status)) return Promise.resolve(false);
    return this.writer.submit(update);
  }

  private async apply(batch: DeliveryUpdate[]): Promise<boolean[]> {
    const furthest = new Map<string, DeliveryUpdate>();
    for (const u of batch) {
      const seen = furthest.get(keyOf(u));
      if (!seen || RANK[u.status] > RANK[seen.status]) furthest.set(keyOf(u), u);
    }
    const updates = [...furthest.values()];
    const permanent = (u: DeliveryUpdate) =>
      u.errorCode !== undefined && (PERMANENT_TWILIO_CODES.has(u.errorCode) || u.errorCode === TWILIO_UNSUBSCRIBED);
    const reason = (u: DeliveryUpdate) =>
      u.errorCode === undefined
        ? null
        : `${u.status}: Twilio error ${u.errorCode}${TRANSIENT_TWILIO_CODES.has(u.errorCode) ? ' (transient; may be retried)' : ''}`;
    let changed: DeliveryAppliedRow[];
    try {
      changed = await this.delivery.recordDelivery(
        updates.map((u) => ({
          workspaceId: u.workspaceId,
          invitationId: u.invitationId ?? null,
          messageSid: u.messageSid,
          status: u.status,
          errorCode: u.errorCode ?? null,
          permanent: permanent(u),
          reason: reason(u),
          rank: RANK[u.status],
          from: u.from ?? null,
        })),
      );
    } catch (err) {
      // Rows are locked in id order, but a statement can still lose a race (a deadlock with another
      // process's batch): apply the callbacks one by one rather than answer Twilio with an error.
      if (updates.length === 1) throw err;
      const single = await Promise.all(updates.map((u) => this.apply([u])));
      return batch.map((u) => furthest.get(keyOf(u)) === u && single[updates.indexOf(u)][0]);
    }
    const unsubscribed = changed.filter((r) => r.code === TWILIO_UNSUBSCRIBED).map((r) => r.contact_id);
    if (unsubscribed.length) {
      await this.contacts.optOutOfSms(unsubscribed);
      await this.queue.enqueueSmsOptOutCleanup(unsubscribed);
    }
    // Failed for good after sending (landline, unsubscribed, …): on to the campaign's next channel.
    for (const r of changed.filter((x) => x.status === 'failed')) {
      await this.fallback.afterFailure(r.id, r.code ?? undefined, `${r.delivery_status}: Twilio error ${r.code}`);
    }
    const applied = new Set(changed.map((r) => `${r.ws}|${r.inv ?? ''}|${r.sid}`));
    return batch.map((u) => applied.has(keyOf(u)) && furthest.get(keyOf(u)) === u);
  }
}
