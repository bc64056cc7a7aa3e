import { UiLocale } from '../i18n/locale';
import { smsQuestion } from '../messages/sms-texts';
import { visibleQuestions } from '../surveys/conditions';
import { localizeQuestion } from '../surveys/localize';
import { Answers, AnswerValue, Question, SurveyDefinition } from '../surveys/survey-definition';
import { SmsKeyword } from './sms-keywords';
import { parseSmsReply } from './sms-reply.parser';
import {
  smsGaveUp,
  smsHelp,
  smsNoOpenSurvey,
  smsOptedIn,
  smsOptedOut,
  smsReask,
  smsSurveyClosed,
  smsThanks,
} from './sms-reply-texts';

/** How one inbound SMS was understood; stored on the message. */
export type InboundOutcome =
  'answer' | 'reask' | 'unparsed' | 'late' | 'no_open_survey' | 'opt_out' | 'opt_in' | 'help';

/** The open SMS survey a message was routed to, and where its conversation stands. */
export interface OpenConversation {
  definition: SurveyDefinition;
  expired: boolean;
  /** The question we last asked; undefined before the first reply (the invitation asked the first question). */
  awaitingQuestionId?: string;
  misses: number;
  answers: Answers;
}

export interface ConversationInput {
  body: string;
  keyword: SmsKeyword | null;
  conversation: OpenConversation | null;
  ui: UiLocale;
  /** The locale chain for survey texts (contact locale, then the survey default). */
  chain: string[];
  companyName: string;
}

/** What to store and what to answer. Pure, so every turn of the conversation has a table test. */
export interface ConversationStep {
  outcome: InboundOutcome;
  reply: string;
  optOut?: boolean;
  /** Only when routed to a conversation: */
  answer?: { question: Question; value: AnswerValue; comment?: string };
  /** The question asked next; null when the conversation is over. */
  awaitingQuestionId?: string | null;
  misses?: number;
  complete?: boolean;
  late?: boolean;
  /** Kept on the response when the reply could not be read twice, or arrived after expiry without an answer. */
  unparsedText?: string;
}

export function conversationStep(input: ConversationInput): ConversationStep {
  const { ui, companyName, conversation: conv } = input;
  if (input.keyword === 'stop') return { outcome: 'opt_out', reply: smsOptedOut(ui, companyName), optOut: true };
  if (input.keyword === 'start') return { outcome: 'opt_in', reply: smsOptedIn(ui, companyName), optOut: false };
  if (input.keyword === 'help') return { outcome: 'help', reply: smsHelp(ui, companyName) };
  if (!conv) return { outcome: 'no_open_survey', reply: smsNoOpenSurvey(ui, companyName) };

  const question = awaitedQuestion(conv);
  if (!question)
    return { outcome: 'no_open_survey', reply: smsNoOpenSurvey(ui, companyName), awaitingQuestionId: null };
  const parsed = parseSmsReply(input.body, question, input.chain[0]);

  if (conv.expired) {
    // Kept for the record, never scored: the response is marked late.
    const late: ConversationStep = {
      outcome: 'late',
      reply: smsSurveyClosed(ui, companyName),
      late: true,
      awaitingQuestionId: null,
      misses: conv.misses,
    };
    return parsed.kind === 'answer'
      ? { ...late, answer: { question, value: parsed.value, comment: parsed.comment } }
      : { ...late, unparsedText: input.body };
  }

  if (parsed.kind === 'invalid') {
    if (conv.misses === 0)
      return { outcome: 'reask', reply: smsReask(question, ui), awaitingQuestionId: question.id, misses: 1 };
    return {
      outcome: 'unparsed',
      reply: smsGaveUp(ui, companyName),
      awaitingQuestionId: null,
      misses: conv.misses + 1,
      unparsedText: input.body,
    };
  }

  const answers = { ...conv.answers, [question.id]: parsed.value };
  const next = nextQuestion(conv.definition, answers, question.id);
  const answer = { question, value: parsed.value, comment: parsed.comment };
  if (!next)
    return {
      outcome: 'answer',
      reply: smsThanks(ui, companyName),
      answer,
      awaitingQuestionId: null,
      misses: 0,
      complete: true,
    };
  const reply = smsQuestion(next, localizeQuestion(next, input.chain), ui);
  return { outcome: 'answer', reply, answer, awaitingQuestionId: next.id, misses: 0, complete: false };
}

/** The question a reply answers: the one we asked last, else the first one shown and unanswered (the invitation's). */
function awaitedQuestion(conv: OpenConversation): Question | undefined {
  const shown = visibleQuestions(conv.definition.questions, conv.answers);
  const asked = conv.awaitingQuestionId ? shown.find((q) => q.id === conv.awaitingQuestionId) : undefined;
  // Without a question on record (or one no longer shown), the first unanswered one: answers given
  // elsewhere (the survey page) are never overwritten by an SMS.
  return asked ?? nextQuestion(conv.definition, conv.answers, undefined);
}

/** The first question shown after `afterId` (given the answers so far) that has no answer yet. */
export function nextQuestion(
  definition: SurveyDefinition,
  answers: Answers,
  afterId: string | undefined,
): Question | undefined {
  const shown = visibleQuestions(definition.questions, answers);
  const from = afterId === undefined ? 0 : shown.findIndex((q) => q.id === afterId) + 1;
  return shown.slice(from).find((q) => answers[q.id] === undefined);
}
