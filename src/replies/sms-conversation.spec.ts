import { SUPPORTED_UI_LOCALES, type UiLocale } from '../i18n/locale';
import { smsQuestion } from '../messages/sms-texts';
import { localizeQuestion } from '../surveys/localize';
import type { Answers, Question, SurveyDefinition } from '../surveys/survey-definition';
import { type ConversationStep, conversationStep, nextQuestion, type OpenConversation } from './sms-conversation';
import { detectSmsKeyword } from './sms-keywords';
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

const COMPANY = 'Acme';
const LOCALES = [...SUPPORTED_UI_LOCALES];

const Q1: Question = {
  id: 'q1',
  type: 'nps',
  text: {
    en: 'How likely are you to recommend Acme to a friend or colleague?',
    fi: 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi tai kollegallesi?',
    sv: 'Hur troligt är det att du skulle rekommendera Acme till en vän eller kollega?',
    nb: 'Hvor sannsynlig er det at du vil anbefale Acme til en venn eller kollega?',
  },
};
const Q2: Question = {
  id: 'q2',
  type: 'text',
  text: {
    en: 'What could we do better?',
    fi: 'Mitä voisimme tehdä paremmin?',
    sv: 'Vad kunde vi göra bättre?',
    nb: 'Hva kunne vi gjort bedre?',
  },
  showIf: { question: 'q1', lte: 6 },
};
const Q3: Question = {
  id: 'q3',
  type: 'text',
  text: {
    en: 'What did you like most?',
    fi: 'Mistä pidit eniten?',
    sv: 'Vad tyckte du bäst om?',
    nb: 'Hva likte du best?',
  },
  showIf: { question: 'q1', gte: 9 },
};
const Q4: Question = {
  id: 'q4',
  type: 'yes_no',
  text: {
    en: 'Was your issue resolved?',
    fi: 'Ratkaistiinko asiasi?',
    sv: 'Blev ditt ärende löst?',
    nb: 'Ble saken din løst?',
  },
};

/** NPS with a detractor and a promoter follow-up, then a yes/no everyone sees. */
const SURVEY: SurveyDefinition = { defaultLocale: 'en', questions: [Q1, Q2, Q3, Q4] };
/** The same without the closing yes/no, so a follow-up is the last question. */
const SHORT: SurveyDefinition = { defaultLocale: 'en', questions: [Q1, Q2, Q3] };

function conversation(over: Partial<OpenConversation> = {}): OpenConversation {
  return { definition: SURVEY, expired: false, misses: 0, answers: {}, ...over };
}

/** Builds the input as the webhook does: keyword detection first, on the raw body. */
function step(
  body: string,
  conv: OpenConversation | null,
  ui: UiLocale = 'en',
  chain: string[] = [ui],
  companyName = COMPANY,
): ConversationStep {
  return conversationStep({ body, keyword: detectSmsKeyword(body), conversation: conv, ui, chain, companyName });
}

/** The SMS text asking `q`, exactly as the conversation would send it. */
const ask = (q: Question, ui: UiLocale, chain: string[] = [ui]) => smsQuestion(q, localizeQuestion(q, chain), ui);

describe('conversationStep: first reply to the invitation (q1 NPS)', () => {
  it('"9" answers q1 and asks the promoter follow-up q3', () => {
    const s = step('9', conversation());
    expect(s).toEqual({
      outcome: 'answer',
      reply: ask(Q3, 'en'),
      answer: { question: Q1, value: 9 },
      awaitingQuestionId: 'q3',
      misses: 0,
      complete: false,
    });
    // A free-text question is sent as its text alone, no hint, no company prefix.
    expect(s.reply).toBe('What did you like most?');
    expect(s.answer?.comment).toBeUndefined();
    expect(s.late).toBeUndefined();
    expect(s.unparsedText).toBeUndefined();
    expect(s.optOut).toBeUndefined();
  });

  it.each(LOCALES)('"9" asks q3 in the reader\'s language (%s)', (ui) => {
    const s = step('9', conversation(), ui);
    expect(s.outcome).toBe('answer');
    expect(s.answer?.value).toBe(9);
    expect(s.awaitingQuestionId).toBe('q3');
    expect(s.reply).toBe(ask(Q3, ui));
    expect(s.reply).toBe(Q3.text[ui]);
  });

  it.each<[string, UiLocale, number, string | undefined, string]>([
    ['yhdeksän, nopea palvelu', 'fi', 9, 'nopea palvelu', 'q3'],
    ['yhdeksan', 'fi', 9, undefined, 'q3'],
    ['kymppi!', 'fi', 10, undefined, 'q3'],
    ['nio', 'sv', 9, undefined, 'q3'],
    ['ni', 'nb', 9, undefined, 'q3'],
    ['Stop sending these, 3', 'en', 3, 'Stop sending these', 'q2'],
    ['I would say 7, the wait was long', 'en', 7, 'I would say the wait was long', 'q4'],
    ['10/10 great service', 'en', 10, 'great service', 'q3'],
  ])('%p (%s) answers q1 = %p with comment %p, then awaits %s', (body, ui, value, comment, next) => {
    const s = step(body, conversation(), ui);
    expect(s.outcome).toBe('answer');
    expect(s.optOut).toBeUndefined();
    expect(s.answer).toEqual({ question: Q1, value, comment });
    expect(s.answer?.comment).toBe(comment);
    expect(s.awaitingQuestionId).toBe(next);
    expect(s.misses).toBe(0);
    expect(s.complete).toBe(false);
    expect(s.reply).toBe(
      ask(
        SURVEY.questions.find((q) => q.id === next)!,
        ui,
      ),
    );
  });

  it('"3" answers q1 and asks the detractor follow-up q2', () => {
    const s = step('3', conversation());
    expect(s).toEqual({
      outcome: 'answer',
      reply: ask(Q2, 'en'),
      answer: { question: Q1, value: 3 },
      awaitingQuestionId: 'q2',
      misses: 0,
      complete: false,
    });
    expect(s.reply).toBe('What could we do better?');
  });

  it('a passive "7" skips both follow-ups and asks the yes/no q4 with its hint', () => {
    const s = step('7', conversation());
    expect(s.awaitingQuestionId).toBe('q4');
    expect(s.reply).toBe(ask(Q4, 'en'));
    expect(s.reply).toBe('Was your issue resolved? Reply YES or NO.');
  });

  it('a passive "7" on a survey with nothing else to show completes it with thanks', () => {
    const s = step('7', conversation({ definition: SHORT }));
    expect(s).toEqual({
      outcome: 'answer',
      reply: smsThanks('en', COMPANY),
      answer: { question: Q1, value: 7 },
      awaitingQuestionId: null,
      misses: 0,
      complete: true,
    });
  });

  it('question text follows the chain (contact locale first) while hints follow ui', () => {
    // A Swedish-speaking contact in Finland: texts from sv-FI → sv, interface strings in sv.
    const s = step('7', conversation(), 'sv', ['sv-FI', 'sv', 'en']);
    expect(s.reply).toBe(`${Q4.text.sv} Svara JA eller NEJ.`);
  });
});

describe('conversationStep: follow-up answers', () => {
  it('a text answer to q2 is stored as given (trimmed) and moves on to q4', () => {
    const s = step('  Faster delivery, please.  ', conversation({ awaitingQuestionId: 'q2', answers: { q1: 3 } }));
    expect(s).toEqual({
      outcome: 'answer',
      reply: ask(Q4, 'en'),
      answer: { question: Q2, value: 'Faster delivery, please.' },
      awaitingQuestionId: 'q4',
      misses: 0,
      complete: false,
    });
  });

  it.each(LOCALES)('a text answer to the last question completes the survey with thanks (%s)', (ui) => {
    const conv = conversation({ definition: SHORT, awaitingQuestionId: 'q2', answers: { q1: 3 } });
    const s = step('Nopeampi toimitus', conv, ui);
    expect(s).toEqual({
      outcome: 'answer',
      reply: smsThanks(ui, COMPANY),
      answer: { question: Q2, value: 'Nopeampi toimitus' },
      awaitingQuestionId: null,
      misses: 0,
      complete: true,
    });
  });

  it('a text answer that merely contains a number is text, not a score', () => {
    const s = step('The staff, 10 out of 10', conversation({ awaitingQuestionId: 'q3', answers: { q1: 10 } }));
    expect(s.answer).toEqual({ question: Q3, value: 'The staff, 10 out of 10' });
    expect(s.awaitingQuestionId).toBe('q4');
  });

  it.each<[string, string, 'yes' | 'no', string | undefined]>([
    ['kyllä', 'fi', 'yes', undefined],
    ['KYLLA', 'fi', 'yes', undefined],
    ['joo kiitos', 'fi', 'yes', 'kiitos'],
    ['en', 'fi', 'no', undefined],
    ['ei', 'fi', 'no', undefined],
    ['nej', 'sv', 'no', undefined],
    ['Ja, tack', 'sv', 'yes', 'tack'],
    ['nei', 'nb', 'no', undefined],
    ['Yes!', 'en', 'yes', undefined],
    ['no, still waiting', 'en', 'no', 'still waiting'],
    ['1', 'en', 'yes', undefined],
    ['2', 'en', 'no', undefined],
  ])('yes/no q4 awaited: %p (%s) → %s', (body, locale, value, comment) => {
    const ui = locale as UiLocale;
    const s = step(body, conversation({ awaitingQuestionId: 'q4', answers: { q1: 9, q3: 'Friendly staff' } }), ui);
    expect(s).toEqual({
      outcome: 'answer',
      reply: smsThanks(ui, COMPANY),
      answer: { question: Q4, value, comment },
      awaitingQuestionId: null,
      misses: 0,
      complete: true,
    });
  });

  it('Finnish "en" reads as "no" only for a Finnish chain; elsewhere it is re-asked', () => {
    const conv = conversation({ awaitingQuestionId: 'q4', answers: { q1: 7 } });
    expect(step('en', conv, 'fi', ['fi-FI', 'en']).answer?.value).toBe('no');
    const s = step('en', conv, 'sv', ['sv', 'en']);
    expect(s.outcome).toBe('reask');
    expect(s.reply).toBe(smsReask(Q4, 'sv'));
  });

  it('a stale awaitingQuestionId (question no longer shown) falls back to the first unanswered shown question', () => {
    // q3 is hidden for a 3; the reply answers q2 instead.
    const s = step('Call me back', conversation({ awaitingQuestionId: 'q3', answers: { q1: 3 } }));
    expect(s.answer).toEqual({ question: Q2, value: 'Call me back' });
    expect(s.awaitingQuestionId).toBe('q4');
  });

  it('a stale awaitingQuestionId with nothing left to answer is no_open_survey', () => {
    const conv = conversation({ definition: SHORT, awaitingQuestionId: 'q2', answers: { q1: 9, q3: 'Speed' } });
    expect(step('anything', conv)).toEqual({
      outcome: 'no_open_survey',
      reply: smsNoOpenSurvey('en', COMPANY),
      awaitingQuestionId: null,
    });
  });
});

describe('conversationStep: unreadable replies', () => {
  it('"11" is re-asked once with the range, without an answer', () => {
    const s = step('11', conversation());
    expect(s).toEqual({ outcome: 'reask', reply: smsReask(Q1, 'en'), awaitingQuestionId: 'q1', misses: 1 });
    expect(s.reply).toBe("Sorry, we didn't catch that. Please reply with a number from 0 to 10.");
    expect(s.answer).toBeUndefined();
  });

  it.each<[string, UiLocale]>([
    ['11', 'fi'],
    ['7.5', 'sv'],
    ['8-9', 'nb'],
    ['-1', 'en'],
    ['great service', 'en'],
    ['😀', 'en'],
    ['', 'en'],
  ])('%p (%s) on q1 with no misses → reask in ui', (body, ui) => {
    expect(step(body, conversation(), ui)).toEqual({
      outcome: 'reask',
      reply: smsReask(Q1, ui),
      awaitingQuestionId: 'q1',
      misses: 1,
    });
  });

  it('"ten" after one miss answers q1 = 10 and resets misses', () => {
    const s = step('ten', conversation({ awaitingQuestionId: 'q1', misses: 1 }));
    expect(s).toEqual({
      outcome: 'answer',
      reply: ask(Q3, 'en'),
      answer: { question: Q1, value: 10 },
      awaitingQuestionId: 'q3',
      misses: 0,
      complete: false,
    });
  });

  it.each(LOCALES)('"11" again after one miss gives up: unparsed, no score invented (%s)', (ui) => {
    const s = step('11', conversation({ awaitingQuestionId: 'q1', misses: 1 }), ui);
    expect(s).toEqual({
      outcome: 'unparsed',
      reply: smsGaveUp(ui, COMPANY),
      awaitingQuestionId: null,
      misses: 2,
      unparsedText: '11',
    });
    expect(s.answer).toBeUndefined();
    expect(s.complete).toBeUndefined();
  });

  it('a second unreadable reply is kept verbatim (untrimmed) as unparsedText', () => {
    const s = step(' no idea really ', conversation({ awaitingQuestionId: 'q1', misses: 1 }));
    expect(s.outcome).toBe('unparsed');
    expect(s.unparsedText).toBe(' no idea really ');
    expect(s.answer).toBeUndefined();
  });

  it('an unreadable yes/no reply is re-asked with the yes/no words', () => {
    const s = step('maybe', conversation({ awaitingQuestionId: 'q4', answers: { q1: 7 } }), 'fi');
    expect(s).toEqual({ outcome: 'reask', reply: smsReask(Q4, 'fi'), awaitingQuestionId: 'q4', misses: 1 });
    expect(s.reply).toContain('KYLLÄ');
  });

  it('an empty reply to a text question asks for the answer to be typed', () => {
    const s = step('   ', conversation({ awaitingQuestionId: 'q2', answers: { q1: 2 } }), 'nb');
    expect(s).toEqual({ outcome: 'reask', reply: smsReask(Q2, 'nb'), awaitingQuestionId: 'q2', misses: 1 });
  });
});

describe('conversationStep: keywords', () => {
  it.each<[string, UiLocale, 'opt_out' | 'opt_in' | 'help']>([
    ['STOP', 'en', 'opt_out'],
    ['stop.', 'en', 'opt_out'],
    ['stopp', 'sv', 'opt_out'],
    ['STOPP', 'nb', 'opt_out'],
    ['Lopeta', 'fi', 'opt_out'],
    ['AVSLUTA', 'sv', 'opt_out'],
    ['avmeld', 'nb', 'opt_out'],
    ['START', 'en', 'opt_in'],
    ['aloita', 'fi', 'opt_in'],
    ['Start!', 'sv', 'opt_in'],
    ['HELP', 'en', 'help'],
    ['apua', 'fi', 'help'],
    ['hjälp', 'sv', 'help'],
    ['HJALP', 'sv', 'help'],
    ['hjelp', 'nb', 'help'],
  ])('%p (%s) → %s, with or without an open conversation', (body, ui, outcome) => {
    const expected: ConversationStep =
      outcome === 'opt_out'
        ? { outcome, reply: smsOptedOut(ui, COMPANY), optOut: true }
        : outcome === 'opt_in'
          ? { outcome, reply: smsOptedIn(ui, COMPANY), optOut: false }
          : { outcome, reply: smsHelp(ui, COMPANY) };
    expect(step(body, null, ui)).toEqual(expected);
    // Keywords win over answering, even mid-conversation and after expiry, and touch no state.
    expect(step(body, conversation({ awaitingQuestionId: 'q2', answers: { q1: 3 }, misses: 1 }), ui)).toEqual(expected);
    expect(step(body, conversation({ expired: true }), ui)).toEqual(expected);
  });

  it.each(['Stop sending these, 3', 'STOP 3', 'please stop'])(
    '%p is not a keyword: only a whole-message keyword opts out',
    (body) => {
      const s = step(body, conversation());
      expect(s.outcome).not.toBe('opt_out');
      expect(s.optOut).toBeUndefined();
    },
  );

  it('"yes" is an answer, never an opt-in', () => {
    const s = step('yes', conversation({ awaitingQuestionId: 'q4', answers: { q1: 7 } }));
    expect(s.outcome).toBe('answer');
    expect(s.optOut).toBeUndefined();
  });
});

describe('conversationStep: no open survey', () => {
  it.each(LOCALES)('a reply with no conversation gets smsNoOpenSurvey (%s)', (ui) => {
    expect(step('9', null, ui)).toEqual({ outcome: 'no_open_survey', reply: smsNoOpenSurvey(ui, COMPANY) });
  });

  it('without a company name the reply has no prefix', () => {
    const s = step('hello?', null, 'en', ['en'], '  ');
    expect(s.reply).toBe(
      'Thanks for your message. There is no survey waiting for your answer right now. Reply HELP for more info.',
    );
  });
});

describe('conversationStep: expired conversation (late reply)', () => {
  it('"8" is stored as a late answer, never continues the conversation', () => {
    const s = step('8', conversation({ expired: true }));
    expect(s).toEqual({
      outcome: 'late',
      reply: smsSurveyClosed('en', COMPANY),
      late: true,
      awaitingQuestionId: null,
      misses: 0,
      answer: { question: Q1, value: 8 },
    });
    expect(s.complete).toBeUndefined();
    expect(s.unparsedText).toBeUndefined();
  });

  it.each(LOCALES)('a late answer with a comment keeps both (%s)', (ui) => {
    const s = step('kahdeksan, hidas vastaus', conversation({ expired: true }), ui);
    expect(s.outcome).toBe('late');
    expect(s.late).toBe(true);
    expect(s.reply).toBe(smsSurveyClosed(ui, COMPANY));
    expect(s.answer).toEqual({ question: Q1, value: 8, comment: 'hidas vastaus' });
  });

  it('an unreadable late reply keeps the text and invents no score, whatever the misses', () => {
    const s = step('who is this?', conversation({ expired: true, awaitingQuestionId: 'q1', misses: 1 }), 'sv');
    expect(s).toEqual({
      outcome: 'late',
      reply: smsSurveyClosed('sv', COMPANY),
      late: true,
      awaitingQuestionId: null,
      misses: 1,
      unparsedText: 'who is this?',
    });
    expect(s.answer).toBeUndefined();
  });

  it('a late reply to an awaited text follow-up is stored as that answer', () => {
    const s = step('Quicker replies', conversation({ expired: true, awaitingQuestionId: 'q2', answers: { q1: 4 } }));
    expect(s.outcome).toBe('late');
    expect(s.answer).toEqual({ question: Q2, value: 'Quicker replies' });
  });
});

describe('a whole conversation, turn by turn', () => {
  it('detractor: 11 → reask, three → q2, text → q4, "nej" → thanks', () => {
    let conv = conversation();
    const turn = (body: string): ConversationStep => {
      const s = step(body, conv, 'sv', ['sv', 'en']);
      const answers: Answers = s.answer ? { ...conv.answers, [s.answer.question.id]: s.answer.value } : conv.answers;
      conv = {
        ...conv,
        answers,
        awaitingQuestionId: s.awaitingQuestionId ?? undefined,
        misses: s.misses ?? conv.misses,
      };
      return s;
    };

    expect(turn('11')).toMatchObject({ outcome: 'reask', reply: smsReask(Q1, 'sv'), misses: 1 });
    expect(turn('tre')).toMatchObject({
      outcome: 'answer',
      reply: ask(Q2, 'sv', ['sv', 'en']),
      awaitingQuestionId: 'q2',
    });
    expect(turn('Snabbare leverans')).toMatchObject({ outcome: 'answer', reply: ask(Q4, 'sv', ['sv', 'en']) });
    expect(turn('nej')).toMatchObject({ outcome: 'answer', reply: smsThanks('sv', COMPANY), complete: true });
    expect(conv.answers).toEqual({ q1: 3, q2: 'Snabbare leverans', q4: 'no' });
  });
});

describe('nextQuestion', () => {
  const ids = (q: Question | undefined) => q?.id;

  it.each<[string, SurveyDefinition, Answers, string | undefined, string | undefined]>([
    ['starts at the first question', SURVEY, {}, undefined, 'q1'],
    ['skips an answered first question', SURVEY, { q1: 9 }, undefined, 'q3'],
    ['promoter → q3 (showIf gte 9)', SURVEY, { q1: 9 }, 'q1', 'q3'],
    ['detractor → q2 (showIf lte 6)', SURVEY, { q1: 6 }, 'q1', 'q2'],
    ['passive → neither follow-up', SURVEY, { q1: 7 }, 'q1', 'q4'],
    ['skips an answered question after afterId', SURVEY, { q1: 10, q3: 'Speed' }, 'q1', 'q4'],
    ['after the follow-up comes q4', SURVEY, { q1: 2, q2: 'Price' }, 'q2', 'q4'],
    ['a stale answer to a hidden question is not asked', SURVEY, { q1: 9, q2: 'x', q3: 'y' }, 'q1', 'q4'],
    ['undefined at the end', SURVEY, { q1: 9, q3: 'Speed', q4: 'yes' }, 'q4', undefined],
    ['undefined when the last shown question is answered', SHORT, { q1: 7 }, 'q1', undefined],
    ['undefined after the last follow-up', SHORT, { q1: 0, q2: 'All of it' }, 'q2', undefined],
    ['never looks back before afterId', SURVEY, { q1: 3 }, 'q4', undefined],
    ['an afterId that is not shown searches from the start', SURVEY, { q1: 9 }, 'q2', 'q3'],
  ])('%s', (_, definition, answers, afterId, expected) => {
    expect(ids(nextQuestion(definition, answers, afterId))).toBe(expected);
  });
});
