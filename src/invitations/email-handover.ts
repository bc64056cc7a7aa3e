import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { SendOptions, UncertainDeliveryError } from '../channels/channel-adapter';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SurveyEmailComposer } from '../messages/survey-email.composer';
import { ClaimedRow, HandoverClaim, InvitationSendsRepository } from './invitation-sends.repository';

/** Another attempt claimed the invitation while this one was sending: it stops before the final dot. */
export class AttemptSupersededError extends Error {}

/** One email attempt's handover: the hook the adapter runs before the final dot, and whether it marked the row. */
export interface HandoverAttempt {
  options: SendOptions;
  /** Resolves once the mark is written (true) or refused (false); false when the hook never ran. */
  marked(): Promise<boolean>;
}

/**
 * Knows which emails the SMTP server may already hold. Just before an email's final dot, its
 * invitation is marked `handed_over_at` (grouped with the marks of other sends, and committed
 * before the dot leaves). An attempt cut off after that point, by a crash or a connection lost
 * before the server's reply, is uncertain; one cut off before it never reached the server and is
 * simply sent again. EMAIL_UNCERTAIN_DELIVERY says what an uncertain one becomes.
 */
@Injectable()
export class EmailHandover {
  private readonly writer = new GroupCommit<HandoverClaim, boolean>(async (batch) => {
    const marked = new Set(await this.sends.markHandedOver(batch));
    return batch.map((b) => marked.has(b.invitationId));
  });

  constructor(
    private readonly sends: InvitationSendsRepository,
    private readonly composer: SurveyEmailComposer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  attempt(inv: ClaimedRow): HandoverAttempt {
    let mark: Promise<boolean> | undefined;
    return {
      options: {
        beforeHandover: async () => {
          mark = this.writer.submit({ invitationId: inv.id, attempt: Number(inv.attempts) });
          if (!(await mark)) throw new AttemptSupersededError('another attempt took this invitation over');
        },
      },
      marked: () => (mark ? mark.catch(() => false) : Promise.resolve(false)),
    };
  }

  /**
   * A claim found the previous attempt cut off after its handover. At most once: recorded as sent,
   * unconfirmed, and not sent again ('uncertain'). At least once: noted, and the caller sends again
   * (null).
   */
  async afterCutOff(inv: ClaimedRow): Promise<'uncertain' | null> {
    const cause = 'the worker stopped after handing the email to the SMTP server and before its reply';
    if (this.config.emailUncertainDelivery === 'at-least-once') {
      await this.sends.markResending(inv.id, `resent with the same Message-ID: ${cause}`);
      return null;
    }
    await this.recordUncertain(inv, new Date(inv.handed_over_at ?? this.clock.now()), cause);
    return 'uncertain';
  }

  /**
   * A send failed. Lost after the handover with no reply: uncertain (at most once: recorded;
   * at least once: the error stands and the retry sends again). Anything else means the server
   * does not hold the message, so a mark made for it is withdrawn before the error goes on.
   */
  async afterFailure(inv: ClaimedRow, attempt: HandoverAttempt, err: unknown): Promise<'uncertain' | 'already-done'> {
    if (err instanceof AttemptSupersededError) return 'already-done';
    if (err instanceof UncertainDeliveryError) {
      if (this.config.emailUncertainDelivery === 'at-least-once') throw err;
      await this.recordUncertain(inv, this.clock.now(), err.message);
      return 'uncertain';
    }
    if (await attempt.marked()) await this.sends.withdrawHandover(inv.id, Number(inv.attempts));
    throw err;
  }

  private async recordUncertain(inv: ClaimedRow, sentAt: Date, cause: string): Promise<void> {
    const providerMessageId = this.composer.messageIdFor(inv.id, Number(inv.step));
    this.log.warn(
      { invitationId: inv.id, messageId: providerMessageId, cause },
      'email delivery uncertain; not resent',
    );
    await this.sends.markUncertain({
      invitationId: inv.id,
      sentAt,
      expiresAt: new Date(sentAt.getTime() + Number(inv.expiry_ms)),
      providerMessageId,
      reason: `delivery uncertain, not resent (EMAIL_UNCERTAIN_DELIVERY=at-most-once): ${cause}`.slice(0, 500),
    });
  }
}
