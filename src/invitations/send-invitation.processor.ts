import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import {
  ChannelAdapter,
  EMAIL_ADAPTER,
  OutboundEmail,
  OutboundSms,
  PermanentSendError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
  SMS_ADAPTER,
  VOICE_ADAPTER,
  VoiceChannelAdapter,
} from '../channels/channel-adapter';
import { SenderRateLimiter } from '../channels/twilio/sender-rate-limiter';
import { SmsReconciler } from '../channels/twilio/sms-reconciler';
import { TwilioAccountsService } from '../channels/twilio/twilio-accounts.service';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { ContactsService } from '../contacts/contacts.service';
import { Sql } from '../database/sql';
import { SurveyCallComposer } from '../messages/survey-call.composer';
import { SurveyEmailComposer } from '../messages/survey-email.composer';
import { SurveySmsComposer } from '../messages/survey-sms.composer';
import { DEFAULT_CALLING_WINDOW } from '../policy/calling-window';
import { Channel } from '../policy/channel';
import { sendingWindowFor, unreachableReason } from '../policy/dispatch-policy';
import { formatReason } from '../policy/reasons';
import { deferralCause, nextAllowedSendTime } from '../policy/sending-window';
import { QueueService } from '../queue/queue.service';
import { SurveysService } from '../surveys/surveys.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { EmailHandover } from './email-handover';
import { FallbackService } from './fallback.service';
import { ClaimedRow, InvitationSendsRepository, SentRecord } from './invitation-sends.repository';
import { InvitationsRepository } from './invitations.repository';
import { nextChannel } from './next-channel';

/** `uncertain`: an email the SMTP server may hold without having confirmed it, recorded as sent and not resent. */
export type SendOutcome = 'sent' | 'already-done' | 'cancelled' | 'failed' | 'fell-back' | 'uncertain';

/**
 * Not now: put the job back for `delayMs` without counting an attempt. The sender is over its
 * rate, or (`deferredUntil`) the contact's calling window is closed and the send moves to its opening.
 */
export class SendLaterError extends Error {
  constructor(
    readonly delayMs: number,
    readonly deferredUntil?: Date,
    /** Why, for the invitation's status_reason: "scheduled for 2026-03-02 09:00 Europe/Helsinki (quiet hours)". */
    readonly reason?: string,
  ) {
    super(reason ?? `sender busy; retry in ${delayMs} ms`);
  }
}

/** A wait for the sender's slot this long or longer re-checks the opt-out before calling Twilio. */
const RECHECK_AFTER_WAIT_MS = 50;

/**
 * Sends one invitation step, exactly once. The attempt is recorded (status `sending`) before the
 * provider is called; a retry that finds `sending` knows the earlier attempt was cut off: an email
 * is sent again only if it never reached its final dot (EmailHandover knows, and decides for the
 * ones that did), SMS first asks Twilio whether the message went out. Anything no longer due (campaign stopped, contact opted out, already answered)
 * is cancelled with its reason instead.
 */
@Injectable()
export class SendInvitationProcessor {
  /**
   * Sends finishing together record "sent" in one statement. Each job still waits for its row
   * to be written before it completes, so a crash can only leave a row in `sending`.
   */
  private readonly sentWriter = new GroupCommit<SentRecord, void>(async (batch) => {
    await this.sends.markSent(batch);
    return batch.map(() => undefined);
  });

  /**
   * Claims due invitations: one round trip loads what each send needs and records the attempt, for
   * every job that starts at about the same time (rows locked in id order, like every batch here).
   * Anything not due (sent, cancelled, deferred) is left alone; delayed jobs may fire a little early
   * (clock skew between hosts), hence the tolerance, but never ahead of a deferral.
   */
  private readonly claimer = new GroupCommit<string, ClaimedRow | null>(async (ids) => {
    const rows = await this.sends.claimForSend(ids, new Date(this.clock.now().getTime() + 5000));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  constructor(
    private readonly db: Sql,
    private readonly sends: InvitationSendsRepository,
    private readonly invitations: InvitationsRepository,
    private readonly fallback: FallbackService,
    private readonly clock: Clock,
    private readonly surveys: SurveysService,
    private readonly emailComposer: SurveyEmailComposer,
    private readonly smsComposer: SurveySmsComposer,
    private readonly twilioAccounts: TwilioAccountsService,
    private readonly rateLimiter: SenderRateLimiter,
    private readonly reconciler: SmsReconciler,
    private readonly contacts: ContactsService,
    private readonly queue: QueueService,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(SMS_ADAPTER) private readonly sms: ChannelAdapter<OutboundSms>,
    @Inject(VOICE_ADAPTER) private readonly voice: VoiceChannelAdapter,
    private readonly callComposer: SurveyCallComposer,
    private readonly workspaces: WorkspacesService,
    private readonly handover: EmailHandover,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async process(invitationId: string, step: number): Promise<SendOutcome> {
    const inv = await this.claimer.submit(invitationId);
    if (!inv) return 'already-done';
    // Before anything else: a cut-off email the server may hold was, as far as anyone knows, sent.
    if (inv.channel === 'email' && inv.prev_status === 'sending' && inv.handed_over_at) {
      if ((await this.handover.afterCutOff(inv)) === 'uncertain') return this.afterUncertain(inv);
    }
    const reason = cancelReason(inv);
    if (reason) return this.cancel(invitationId, reason);
    try {
      this.assertInsideSendingWindow(inv);
      if (inv.channel === 'sms') return await this.sendSms(invitationId, inv);
      if (inv.channel === 'voice') return await this.sendVoice(invitationId, inv);
      return await this.sendEmail(invitationId, step, inv);
    } catch (err) {
      if (
        err instanceof SendLaterError ||
        err instanceof ProviderRateLimitedError ||
        err instanceof ProviderUnavailableError
      ) {
        // Not an attempt: hand the row back so the sweep and the delayed job see it as scheduled (a deferral with its new time and why).
        const deferred = err instanceof SendLaterError ? (err.deferredUntil ?? null) : null;
        await this.sends.handBack(invitationId, deferred, err instanceof SendLaterError ? (err.reason ?? null) : null);
        throw err;
      }
      if (!(err instanceof PermanentSendError)) throw err;
      this.log.warn({ invitationId, err: err.message }, 'invitation send failed permanently');
      const fallback = nextChannel(inv, err.details.optedOut === true);
      await this.db.transaction(async (tx) => {
        if (fallback) {
          await this.fallback.fallBackTo(
            {
              invitationId,
              fromStatus: 'sending',
              step: Number(inv.step) + 1,
              channel: fallback,
              code: err.details.code,
              cause: err.message.replace(/^Twilio \d+: /, ''),
            },
            tx,
          );
        } else {
          await this.sends.markFailed(invitationId, err.message.slice(0, 500), err.details.code ?? null, tx);
        }
        if (err.details.optedOut) await this.contacts.optOutOfSms([inv.contact_id], tx);
      });
      if (err.details.optedOut) await this.queue.enqueueSmsOptOutCleanup([inv.contact_id]);
      if (fallback) {
        await this.queue.enqueueSends([{ invitationId, step: Number(inv.step) + 1, channel: fallback, delayMs: 0 }]);
        return 'fell-back';
      }
      return 'failed';
    }
  }

  /** After an SMS opt-out: what was waiting to go out by SMS will not. (The sender re-checks anyway.) */
  cancelScheduledSms(contactId: string): Promise<number> {
    return this.invitations.cancelScheduledSms(contactId);
  }

  private async sendEmail(invitationId: string, step: number, inv: ClaimedRow): Promise<SendOutcome> {
    // Both cached: no round trip per message on the hot path.
    const [survey, senderName] = await Promise.all([
      this.surveys.getVersion(inv.survey_version_id),
      this.workspaces.senderName(inv.workspace_id),
    ]);
    const message = this.emailComposer.compose({
      invitationId,
      step,
      token: inv.token,
      // cancelReason let the send through, so the address is there.
      to: inv.email!,
      contactName: inv.name,
      contactLocale: inv.locale,
      survey,
      subject: inv.email_subject,
      senderName,
    });
    const attempt = this.handover.attempt(inv);
    try {
      const { providerMessageId } = await this.email.send(message, attempt.options);
      await this.recordSent(invitationId, inv, providerMessageId, null);
      return 'sent';
    } catch (err) {
      const outcome = await this.handover.afterFailure(inv, attempt, err);
      return outcome === 'uncertain' ? this.afterUncertain(inv) : outcome;
    }
  }

  /** An uncertain email counts as sent: its reminder is scheduled as after any send (and reaches the contact if the first did not). */
  private async afterUncertain(inv: ClaimedRow): Promise<'uncertain'> {
    await this.scheduleReminder(inv);
    return 'uncertain';
  }

  private async sendSms(invitationId: string, inv: ClaimedRow): Promise<SendOutcome> {
    const [survey, found, senderName] = await Promise.all([
      this.surveys.getVersion(inv.survey_version_id),
      this.twilioAccounts.forWorkspace(inv.workspace_id),
      this.workspaces.senderName(inv.workspace_id),
    ]);
    const account = found ?? this.twilioAccounts.defaultAccount;
    const message = this.smsComposer.compose({
      invitationId,
      workspaceId: inv.workspace_id,
      to: inv.phone!,
      contactLocale: inv.locale,
      definition: survey.definition,
      account,
      senderName,
    });
    if (inv.prev_status === 'sending') {
      // The last attempt was cut off after the claim: Twilio has no idempotency key, so ask it.
      const earlier = await this.reconciler.findSent(message, new Date(inv.prev_updated_at));
      if (earlier) {
        await this.recordSent(invitationId, inv, earlier, account.sender);
        return 'sent';
      }
    }
    const slot = await this.rateLimiter.reserve(account.sender, account.smsPerSecond);
    if (!slot.reserved) throw new SendLaterError(slot.waitMs);
    if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
    if (slot.waitMs >= RECHECK_AFTER_WAIT_MS) {
      // The wait for the slot can reach a second: an opt-out arriving meanwhile still wins.
      if (await this.sends.smsOptedOutAt(inv.contact_id)) return this.cancel(invitationId, 'opted out of sms');
    }
    const { providerMessageId } = await this.sms.send(message);
    await this.recordSent(invitationId, inv, providerMessageId, account.sender);
    return 'sent';
  }

  /**
   * Scheduling already aimed inside the channel's hours (quiet hours, holidays, the calling window),
   * in the contact's zone; this catches a delay or a retry that drifted out of them.
   */
  private assertInsideSendingWindow(inv: ClaimedRow): void {
    const rule = {
      sendingWindows: inv.sending_windows ?? {},
      callingWindow: inv.calling_window ?? DEFAULT_CALLING_WINDOW,
      holidays: inv.holidays ?? null,
    };
    const window = sendingWindowFor(rule, inv.channel);
    if (!window) return;
    const now = this.clock.now();
    const zone = inv.timezone ?? inv.campaign_timezone;
    const opens = nextAllowedSendTime(now, window, zone, rule.holidays ?? undefined);
    if (opens.getTime() <= now.getTime()) return;
    const because = deferralCause(now, window, zone, rule.holidays ?? undefined) ?? 'quiet hours';
    throw new SendLaterError(
      opens.getTime() - now.getTime(),
      opens,
      formatReason({ kind: 'scheduled', sendAt: opens, zone, because }),
    );
  }

  private async sendVoice(invitationId: string, inv: ClaimedRow): Promise<SendOutcome> {
    const account = (await this.twilioAccounts.forWorkspace(inv.workspace_id)) ?? this.twilioAccounts.defaultAccount;
    if (!account.callerId)
      throw new PermanentSendError(
        'no caller number: set TWILIO_CALLER_ID, or callerId in the workspace Twilio settings',
      );
    const call = this.callComposer.compose({
      invitationId,
      workspaceId: inv.workspace_id,
      token: inv.token,
      to: inv.phone!,
      account: { ...account, callerId: account.callerId },
      options: inv.voice_options,
    });
    if (inv.prev_status === 'sending') {
      const earlier = await this.voice.findPlaced(call, new Date(inv.prev_updated_at));
      if (earlier) {
        await this.recordSent(invitationId, inv, earlier, account.callerId);
        return 'sent';
      }
    }
    const slot = await this.rateLimiter.reserve(`calls:${account.accountSid}`, account.callsPerSecond);
    if (!slot.reserved) throw new SendLaterError(slot.waitMs);
    if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
    const { providerMessageId } = await this.voice.send(call);
    await this.recordSent(invitationId, inv, providerMessageId, account.callerId);
    return 'sent';
  }

  private async cancel(invitationId: string, reason: string): Promise<'cancelled'> {
    await this.sends.cancelSending(invitationId, reason);
    return 'cancelled';
  }

  private async recordSent(
    invitationId: string,
    inv: ClaimedRow,
    providerMessageId: string,
    sender: string | null,
  ): Promise<void> {
    const sentAt = this.clock.now();
    await this.sentWriter.submit({
      invitationId,
      sentAt,
      expiresAt: new Date(sentAt.getTime() + Number(inv.expiry_ms)),
      providerMessageId,
      sender,
    });
    await this.scheduleReminder(inv);
  }

  /**
   * Counted by reminders sent, not by step: a fallback (voice → email) takes a step, and its send
   * starts the cadence again on the new channel rather than using up a reminder.
   */
  private async scheduleReminder(inv: ClaimedRow): Promise<void> {
    const reminder = (inv.reminders ?? [])[Number(inv.reminders_sent)];
    if (reminder) await this.queue.enqueueReminder(inv.id, Number(inv.step) + 1, Number(reminder.afterMs));
  }

  /**
   * A reminder falls due: the invitation goes out again as step `step`, on the same or the next
   * channel, only if nobody has answered (not even partly), it has not expired, and it is still
   * the step before (a reminder scheduled before a fallback is void: the fallback's send scheduled
   * its own). The send itself re-checks answers and opt-outs at the last moment.
   */
  async remind(invitationId: string, step: number): Promise<'reminded' | 'not-needed'> {
    const inv = await this.invitations.standing(invitationId);
    if (!inv || inv.status !== 'sent' || Number(inv.step) !== step - 1 || inv.answered) return 'not-needed';
    const sent = Number(inv.reminders_sent);
    const reminder = (inv.reminders ?? [])[sent];
    if (!reminder) return 'not-needed';
    const channel: Channel =
      reminder?.channel === 'next' ? (nextChannel(inv, false, false) ?? inv.channel) : inv.channel;
    const moved = await this.invitations.moveToReminder(
      invitationId,
      step,
      channel,
      `reminder ${sent + 1} of ${(inv.reminders ?? []).length}${channel !== inv.channel ? `, by ${channel}` : ''}`,
    );
    if (!moved) return 'not-needed';
    await this.queue.enqueueSends([{ invitationId, step, channel, delayMs: 0 }]);
    return 'reminded';
  }
}

/** The same reachability rule as scheduling (`unreachableReason`), applied to the contact as it is now. */
function cancelReason(inv: ClaimedRow): string | null {
  if (inv.campaign_status !== 'active') return `campaign ${inv.campaign_status}`;
  if (inv.answered) return 'already answered';
  return unreachableReason(inv.channel, {
    email: inv.email,
    emailOptedOut: inv.email_opted_out_at !== null,
    phone: inv.phone,
    smsOptedOut: inv.sms_opted_out_at !== null,
    voiceOptedOut: inv.voice_opted_out_at !== null,
  });
}
