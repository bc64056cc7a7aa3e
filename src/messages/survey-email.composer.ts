import { Inject, Injectable } from '@nestjs/common';

import { OutboundEmail } from '../channels/channel-adapter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { type LocalizedText, pickText } from '../i18n/locale';
import { visibleQuestions } from '../surveys/conditions';
import { localizeQuestion, readerLocale } from '../surveys/localize';
import { SurveyVersion } from '../surveys/surveys.service';
import { renderSurveyEmail } from './survey-email.template';

export interface SurveyEmailContext {
  invitationId: string;
  step: number;
  token: string;
  to: string;
  contactName: string | null;
  contactLocale: string | null;
  survey: SurveyVersion;
  subject: LocalizedText | null;
  /** The workspace's sender name (its display name, else COMPANY_NAME). */
  senderName: string;
}

/** Builds the addressed, localized survey email for one invitation step (templates are compiled at load). */
@Injectable()
export class SurveyEmailComposer {
  private readonly messageIdDomain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.messageIdDomain = new URL(config.publicBaseUrl).hostname || 'palaute.local';
  }

  compose(ctx: SurveyEmailContext): OutboundEmail & { locale: string } {
    const base = this.config.publicBaseUrl;
    const reader = readerLocale(ctx.contactLocale, ctx.survey.definition);
    const [first] = visibleQuestions(ctx.survey.definition.questions, {});
    const localized = localizeQuestion(first, reader.chain);
    const surveyUrl = `${base}/s/${ctx.token}`;
    const unsubscribeUrl = `${base}/u/${ctx.token}`;
    const rendered = renderSurveyEmail({
      locale: reader.ui,
      subject: ctx.subject ? pickText(ctx.subject, reader.chain).text : undefined,
      companyName: ctx.senderName,
      contactName: ctx.contactName ?? undefined,
      firstQuestion: first,
      questionText: localized.text,
      choiceLabels: localized.choiceLabels,
      answerUrl: (value) => `${surveyUrl}?${encodeURIComponent(first.id)}=${encodeURIComponent(String(value))}`,
      surveyUrl,
      unsubscribeUrl,
    });
    return {
      channel: 'email',
      invitationId: ctx.invitationId,
      to: ctx.to,
      fromName: ctx.senderName,
      ...rendered,
      locale: reader.lang,
      // RFC 8058: mail clients show an unsubscribe button and POST to it in one click.
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Content-Language': reader.lang,
      },
      messageId: this.messageIdFor(ctx.invitationId, ctx.step),
    };
  }

  /** The Message-ID of an invitation step: the same on every attempt, so receivers can drop a resend. */
  messageIdFor(invitationId: string, step: number): string {
    return `<inv-${invitationId}-${step}@${this.messageIdDomain}>`;
  }
}
