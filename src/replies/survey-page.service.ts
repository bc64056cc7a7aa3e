import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { ContactsService } from '../contacts/contacts.service';
import { localeChain, UiLocale, uiLocale } from '../i18n/locale';
import { fill, UI_STRINGS } from '../i18n/ui-strings';
import { InvitationForReply, ResponsesService } from '../responses/responses.service';
import { THANK_YOU_OFFERS, ThankYouOffers } from '../responses/thank-you-offer';
import { AnswerError, TEXT_MAX_LENGTH } from '../surveys/answer-parsing';
import { visibleQuestions } from '../surveys/conditions';
import { localizeQuestion, readerLocale } from '../surveys/localize';
import { Answers, isRequired, isScaleType, Question, SCALE_RANGES } from '../surveys/survey-definition';
import { SurveysService, SurveyVersion } from '../surveys/surveys.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { renderMessagePage, renderSurveyPage, renderUnsubscribePage } from './survey-page.template';
import { applySubmission } from './survey-submission';

/** A rendered page and the HTTP status it goes out with. */
export interface Page {
  status: number;
  html: string;
}

interface OpenInvitation {
  inv: InvitationForReply;
  survey: SurveyVersion;
  chain: string[];
  ui: UiLocale;
  lang: string;
  /** The workspace's sender name, for the page title. */
  senderName: string;
}

/** Invitations whose link works: sent, or being sent right now (the mail can beat our status update). */
const OPEN_STATUSES = new Set(['sent', 'sending']);

@Injectable()
export class SurveyPageService {
  constructor(
    private readonly clock: Clock,
    private readonly responses: ResponsesService,
    private readonly surveys: SurveysService,
    private readonly contacts: ContactsService,
    @Inject(THANK_YOU_OFFERS) private readonly thankYouOffers: ThankYouOffers,
    private readonly workspaces: WorkspacesService,
  ) {}

  /**
   * Shows the survey. Never records anything: link scanners open every link in an email, so a
   * score in the query string only pre-selects it and the person confirms with a POST.
   */
  async show(token: string, query: Record<string, unknown>, acceptLanguage?: string): Promise<Page> {
    const ctx = await this.load(token, acceptLanguage);
    if ('page' in ctx) return ctx.page;
    const response = await this.responses.responseFor(ctx.inv.id);
    const preselected: Answers = { ...response?.answers };
    for (const q of ctx.survey.definition.questions) {
      const raw = query[q.id];
      if (typeof raw === 'string' && raw !== '')
        preselected[q.id] = isScaleType(q.type) && /^\d+$/.test(raw) ? Number(raw) : raw;
    }
    const notice = response?.completed
      ? fill(UI_STRINGS[ctx.ui].alreadyAnsweredNotice, {
          date: formatDate(response.completedAt ?? response.createdAt, ctx.lang),
        })
      : undefined;
    return { status: 200, html: this.form(ctx, preselected, {}, {}, notice) };
  }

  /** Records a form post: saves what is valid, re-asks what is not, completes when all is given. */
  async submit(token: string, form: Record<string, unknown>, acceptLanguage?: string): Promise<Page> {
    const ctx = await this.load(token, acceptLanguage);
    if ('page' in ctx) return ctx.page;
    const stored = (await this.responses.responseFor(ctx.inv.id))?.answers ?? {};
    const shown = typeof form._shown === 'string' ? form._shown.split(',') : [];
    const questions = ctx.survey.definition.questions;
    const outcome = applySubmission(questions, stored, form, shown);
    await this.responses.saveAnswers(
      ctx.inv,
      outcome.toSave.map((a) => ({ questionId: a.question.id, questionType: a.question.type, value: a.value })),
      outcome.hiddenAnswered,
      outcome.complete,
    );
    if (outcome.complete) {
      const s = UI_STRINGS[ctx.ui];
      const offer = await this.thankYouOffers.offer({
        invitationId: ctx.inv.id,
        campaignId: ctx.inv.campaignId,
        contactId: ctx.inv.contactId,
        locale: ctx.inv.contactLocale,
        answers: questions
          .filter((q) => outcome.answers[q.id] !== undefined)
          .map((q) => ({ questionId: q.id, type: q.type, value: outcome.answers[q.id] })),
      });
      const link = offer
        ? offer.kind === 'review'
          ? { lead: s.promoterReviewLead, label: s.promoterReviewButton, href: offer.url }
          : { lead: s.promoterReferralLead, label: s.promoterReferralButton, href: offer.url }
        : undefined;
      return {
        status: 200,
        html: renderMessagePage({
          locale: ctx.ui,
          lang: ctx.lang,
          title: s.thankYouTitle,
          body: s.thankYouBody,
          statusHint: 'ok',
          link,
        }),
      };
    }
    const hasErrors = Object.keys(outcome.errors).length > 0;
    return { status: hasErrors ? 422 : 200, html: this.form(ctx, outcome.answers, outcome.errors, outcome.rawValues) };
  }

  /** GET of the unsubscribe link: a confirmation page only (scanners must not unsubscribe anyone). */
  async unsubscribePage(token: string, acceptLanguage?: string): Promise<Page> {
    const ctx = await this.load(token, acceptLanguage, { allowClosed: true });
    if ('page' in ctx) return ctx.page;
    return {
      status: 200,
      html: renderUnsubscribePage({ locale: ctx.ui, lang: ctx.lang, formAction: `/u/${token}`, done: false }),
    };
  }

  /** RFC 8058 one-click POST (or the page's button): opts the contact out of email. */
  async unsubscribe(token: string, acceptLanguage?: string): Promise<Page> {
    const ctx = await this.load(token, acceptLanguage, { allowClosed: true });
    if ('page' in ctx) return ctx.page;
    await this.contacts.optOutOfEmail(ctx.inv.contactId);
    return {
      status: 200,
      html: renderUnsubscribePage({ locale: ctx.ui, lang: ctx.lang, formAction: `/u/${token}`, done: true }),
    };
  }

  private async load(
    token: string,
    acceptLanguage?: string,
    opts: { allowClosed?: boolean } = {},
  ): Promise<OpenInvitation | { page: Page }> {
    const inv = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.responses.invitationByToken(token) : null;
    if (!inv || (!opts.allowClosed && !OPEN_STATUSES.has(inv.status))) {
      const ui = uiLocale(localeChain(acceptLanguage?.split(',')[0]?.split(';')[0]?.trim(), 'en'));
      const s = UI_STRINGS[ui];
      return {
        page: {
          status: 404,
          html: renderMessagePage({
            locale: ui,
            lang: ui,
            title: s.notFoundTitle,
            body: s.notFoundBody,
            statusHint: 'warn',
          }),
        },
      };
    }
    const [survey, senderName] = await Promise.all([
      this.surveys.getVersion(inv.surveyVersionId),
      this.workspaces.senderName(inv.workspaceId),
    ]);
    const reader = readerLocale(inv.contactLocale, survey.definition);
    if (!opts.allowClosed && inv.expiresAt && inv.expiresAt.getTime() < this.clock.now().getTime()) {
      const s = UI_STRINGS[reader.ui];
      return {
        page: {
          status: 410,
          html: renderMessagePage({
            locale: reader.ui,
            lang: reader.lang,
            title: s.expiredTitle,
            body: s.expiredBody,
            statusHint: 'warn',
          }),
        },
      };
    }
    return { inv, survey, chain: reader.chain, ui: reader.ui, lang: reader.lang, senderName };
  }

  private form(
    ctx: OpenInvitation,
    answers: Answers,
    errors: Record<string, AnswerError>,
    rawValues: Record<string, string>,
    notice?: string,
  ): string {
    const visible = visibleQuestions(ctx.survey.definition.questions, answers);
    return renderSurveyPage({
      locale: ctx.ui,
      lang: ctx.lang,
      companyName: ctx.senderName,
      formAction: `/s/${ctx.inv.token}`,
      notice,
      questions: visible.map((question) => {
        const localized = localizeQuestion(question, ctx.chain);
        return {
          question,
          text: localized.text,
          choiceLabels: localized.choiceLabels,
          value: rawValues[question.id] ?? answers[question.id],
          error: errors[question.id] ? errorMessage(errors[question.id], question, ctx.ui) : undefined,
          optional: !isRequired(question),
        };
      }),
    });
  }
}

function errorMessage(error: AnswerError, question: Question, ui: UiLocale): string {
  const s = UI_STRINGS[ui];
  switch (error) {
    case 'required':
      return s.errorRequired;
    case 'out_of_range':
      return fill(s.errorOutOfRange, isScaleType(question.type) ? SCALE_RANGES[question.type] : { min: '', max: '' });
    case 'not_a_number':
      return s.errorNotANumber;
    case 'unknown_choice':
      return s.errorUnknownChoice;
    case 'too_long':
      return fill(s.errorTooLong, { max: TEXT_MAX_LENGTH });
  }
}

function formatDate(date: Date, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}
