import type { LocalizedText } from '../i18n/locale';
import type { SurveyDefinition } from '../surveys/survey-definition';
import type { ResponseAlertSummary } from './response-alerts';
import type { PageAnswerJson, ResponsePageRow } from './response-page.repository';
import type { ResponseThemesView } from './response-themes';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** One answer on the response page, with the question as the customer saw it in that survey version. */
export interface PageAnswer {
  questionId: string;
  type: string;
  /** A score, a choice id (`yes`/`no` for yes/no), or text; null for a phone recording not (yet) transcribed. */
  value: number | string | null;
  /** Words given with a score ("9, quick and friendly"). */
  comment: string | null;
  recording: { url: string; seconds: number } | null;
  answeredAt: string;
  /** The question in the survey version answered; null when the version has no such question any more. */
  question: { text: LocalizedText; choiceLabel: LocalizedText | null } | null;
}

/** GET /v1/responses/{id}: one response and everything around it. */
export interface ResponsePage {
  id: string;
  channel: string;
  language: string | null;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  createdAt: string;
  completedAt: string | null;
  /** The `team` property of its event (what agents' views and scores narrow by). */
  team: string | null;
  campaign: { id: string; name: string; channels: string[] };
  survey: { id: string; versionId: string; version: number; defaultLocale: string };
  contact: {
    id: string;
    externalId: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
  };
  /** The event that triggered the survey; without a stored event (erased, or a scheduled run) its type and properties as the invitation kept them. */
  journey: {
    eventId: string | null;
    type: string;
    properties: Record<string, unknown>;
    occurredAt: string | null;
    receivedAt: string | null;
  };
  delivery: {
    invitationId: string;
    status: string;
    reason: string | null;
    /** The channel it went out on last, and its step: fallbacks and reminders each move the step on. */
    channel: string;
    step: number;
    attempts: number;
    remindersSent: number;
    scheduledFor: string | null;
    sentAt: string | null;
    handedOverAt: string | null;
    expiresAt: string | null;
    deliveryStatus: string | null;
    deliveryErrorCode: number | null;
    deliveryUpdatedAt: string | null;
    callOutcome: string | null;
    createdAt: string;
    updatedAt: string;
  };
  answers: PageAnswer[];
  alerts: ResponseAlertSummary[];
  tags: string[];
  themes: ResponseThemesView;
}

/** The page from its row and the parts other modules provide. Pure. */
export function responsePage(
  row: ResponsePageRow,
  parts: { alerts: ResponseAlertSummary[]; themes: ResponseThemesView },
): ResponsePage {
  return {
    id: row.id,
    channel: row.channel,
    language: row.language,
    completed: row.completed,
    late: row.late,
    unparsedText: row.unparsed_text,
    createdAt: iso(row.created_at)!,
    completedAt: iso(row.completed_at),
    team: row.team,
    campaign: { id: row.campaign_id, name: row.campaign_name, channels: row.campaign_channels },
    survey: {
      id: row.survey_id,
      versionId: row.survey_version_id,
      version: row.survey_version,
      defaultLocale: row.survey_definition.defaultLocale,
    },
    contact: {
      id: row.contact_id,
      externalId: row.external_id,
      name: row.contact_name,
      email: row.contact_email,
      phone: row.contact_phone,
      locale: row.contact_locale,
    },
    journey: row.event_type
      ? {
          eventId: row.event_id,
          type: row.event_type,
          properties: row.event_properties ?? {},
          occurredAt: iso(row.event_occurred_at),
          receivedAt: iso(row.event_received_at),
        }
      : {
          eventId: row.event_id,
          type: row.invitation_event_type,
          properties: row.invitation_properties,
          occurredAt: null,
          receivedAt: null,
        },
    delivery: {
      invitationId: row.invitation_id,
      status: row.invitation_status,
      reason: row.invitation_reason,
      channel: row.invitation_channel,
      step: row.invitation_step,
      attempts: row.attempts,
      remindersSent: row.reminders_sent,
      scheduledFor: iso(row.send_at),
      sentAt: iso(row.sent_at),
      handedOverAt: iso(row.handed_over_at),
      expiresAt: iso(row.expires_at),
      deliveryStatus: row.delivery_status,
      deliveryErrorCode: row.delivery_error_code,
      deliveryUpdatedAt: iso(row.delivery_updated_at),
      callOutcome: row.call_outcome,
      createdAt: iso(row.invitation_created_at)!,
      updatedAt: iso(row.invitation_updated_at)!,
    },
    answers: inQuestionOrder(row.answers, row.survey_definition).map((a) => pageAnswer(a, row.survey_definition)),
    alerts: parts.alerts,
    tags: row.tags,
    themes: parts.themes,
  };
}

/** Answers in the order the survey asks its questions; answers to questions it no longer has go last, as given. */
export function inQuestionOrder(answers: PageAnswerJson[], definition: SurveyDefinition): PageAnswerJson[] {
  const order = new Map(definition.questions.map((q, i) => [q.id, i]));
  const rank = (a: PageAnswerJson) => order.get(a.questionId) ?? order.size;
  return answers
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
    .map((x) => x.a);
}

/** The stored columns as the API shows an answer (as GET /v1/responses does), with its question. */
export function pageAnswer(a: PageAnswerJson, definition: SurveyDefinition): PageAnswer {
  const question = definition.questions.find((q) => q.id === a.questionId);
  const value = a.valueNum ?? a.valueText;
  const choice =
    typeof value === 'string' ? ((question?.choices ?? []).find((c) => c.id === value)?.label ?? null) : null;
  return {
    questionId: a.questionId,
    type: a.type,
    value,
    comment: a.valueNum !== null ? a.valueText : null,
    recording: a.recordingUrl !== null ? { url: a.recordingUrl, seconds: a.recordingSeconds ?? 0 } : null,
    answeredAt: iso(a.answeredAt)!,
    question: question ? { text: question.text, choiceLabel: choice } : null,
  };
}
