import { Inject, Injectable } from '@nestjs/common';

import { OutboundSms } from '../channels/channel-adapter';
import { SmsSegmentCount, smsSegments } from '../channels/twilio/sms-segments';
import { APP_CONFIG, AppConfig } from '../config/config';
import { visibleQuestions } from '../surveys/conditions';
import { localizeQuestion, readerLocale } from '../surveys/localize';
import { SurveyDefinition } from '../surveys/survey-definition';
import { smsInvitation } from './sms-texts';

/** Carriers join at most a few segments reliably, and each one is billed: we refuse longer invitations. */
export const MAX_SMS_SEGMENTS = 3;

export interface SurveySmsContext {
  invitationId: string;
  workspaceId: string;
  to: string;
  contactLocale: string | null;
  definition: SurveyDefinition;
  account: OutboundSms['account'];
  /** The workspace's sender name (its display name, else COMPANY_NAME). */
  senderName: string;
}

/** Builds the localized survey SMS for one invitation: company, first question, how to answer and how to opt out. */
@Injectable()
export class SurveySmsComposer {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The invitation text a contact with this locale gets, and what it costs in segments (sender name: COMPANY_NAME unless given). */
  text(
    definition: SurveyDefinition,
    contactLocale: string | null,
    senderName: string = this.config.companyName,
  ): { locale: string; body: string; size: SmsSegmentCount } {
    const reader = readerLocale(contactLocale, definition);
    const [first] = visibleQuestions(definition.questions, {});
    const body = smsInvitation({
      companyName: senderName,
      question: first,
      localized: localizeQuestion(first, reader.chain),
      ui: reader.ui,
    });
    return { locale: reader.lang, body, size: smsSegments(body) };
  }

  compose(ctx: SurveySmsContext): OutboundSms {
    return {
      channel: 'sms',
      invitationId: ctx.invitationId,
      to: ctx.to,
      body: this.text(ctx.definition, ctx.contactLocale, ctx.senderName).body,
      account: ctx.account,
      statusCallback: `${this.config.publicBaseUrl}/webhooks/twilio/${ctx.workspaceId}/sms/status?invitation=${ctx.invitationId}`,
    };
  }

  /** Each locale the survey is written in, with its encoding and segments: for preview and for refusing long texts at save. */
  sizes(
    definition: SurveyDefinition,
    senderName: string = this.config.companyName,
  ): Array<{ locale: string; body: string; encoding: string; segments: number; characters: number }> {
    const locales = [...new Set(definition.questions.flatMap((q) => Object.keys(q.text)))];
    return (locales.length ? locales : [definition.defaultLocale]).map((locale) => {
      const { body, size } = this.text(definition, locale, senderName);
      return { locale, body, encoding: size.encoding, segments: size.segments, characters: [...body].length };
    });
  }
}
