import type { Question } from '../surveys/survey-definition';
import {
  renderMessagePage,
  renderSurveyPage,
  renderUnsubscribePage,
  type SurveyPageQuestion,
} from './survey-page.template';

const q = (id: string, type: Question['type'], extra: Partial<SurveyPageQuestion> = {}): SurveyPageQuestion => ({
  question: { id, type, text: { en: id } },
  text: `Question ${id}`,
  optional: false,
  ...extra,
});

const page = (questions: SurveyPageQuestion[], extra: { notice?: string; companyName?: string } = {}) =>
  renderSurveyPage({ locale: 'en', lang: 'en-GB', companyName: 'Acme', formAction: '/s/tok', questions, ...extra });

const radios = (html: string, name: string) =>
  html.match(new RegExp(`<input type="radio"[^>]*name="${name}"[^>]*>`, 'g')) ?? [];

describe('renderSurveyPage', () => {
  it('is a complete, script-free, phone-ready document', () => {
    const html = page([q('q1', 'nps')]);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<form method="post" action="/s/tok">');
    expect(html).toContain('<button type="submit">Submit</button>');
    expect(html).not.toMatch(/<script|\son\w+=/i);
  });

  it('renders scales as radio groups inside a fieldset with a legend', () => {
    const html = page([q('nps1', 'nps'), q('c', 'csat'), q('e', 'ces'), q('yn', 'yes_no')]);
    expect(radios(html, 'nps1')).toHaveLength(11);
    expect(radios(html, 'c')).toHaveLength(5);
    expect(radios(html, 'e')).toHaveLength(7);
    expect(radios(html, 'yn')).toHaveLength(2);
    expect(html).toContain('<legend>Question nps1</legend>');
    expect(html).toContain('Not at all likely');
    expect(html).toContain('Very satisfied');
    expect(html).toContain('Neither agree nor disagree');
  });

  it('keeps the current value checked', () => {
    const html = page([
      q('q1', 'nps', { value: '7' }),
      q('yn', 'yes_no', { value: 'no' }),
      q('why', 'text', { value: 'Good' }),
    ]);
    expect(radios(html, 'q1').filter((r) => r.includes(' checked'))).toEqual([expect.stringContaining('value="7"')]);
    expect(radios(html, 'yn').filter((r) => r.includes(' checked'))).toEqual([expect.stringContaining('value="no"')]);
    expect(html).toMatch(/<textarea id="q3" name="why" rows="4">\nGood<\/textarea>/);
  });

  it('renders a radio per choice with its localized label', () => {
    const question: Question = {
      id: 'ch',
      type: 'single_choice',
      text: {},
      choices: [
        { id: 'a', label: { en: 'A' } },
        { id: 'b', label: { en: 'B' } },
      ],
    };
    const html = page([
      {
        question,
        text: 'Pick',
        optional: false,
        value: 'b',
        choiceLabels: [
          { id: 'a', label: 'Alpha' },
          { id: 'b', label: 'Beta' },
        ],
      },
    ]);
    expect(radios(html, 'ch')).toHaveLength(2);
    expect(html).toContain('value="b" checked><label for="q1-2">Beta</label>');
  });

  it('shows errors next to the question and in a summary linking to it', () => {
    const html = page([q('q1', 'nps'), q('q2', 'csat', { error: 'Please answer this question.' })]);
    expect(html).toContain('class="error-summary" role="alert"');
    expect(html).toContain('<a href="#q2-1">Question q2: Please answer this question.</a>');
    expect(html).toContain('<fieldset class="question has-error" aria-describedby="q2-error">');
    expect(html).toContain('<p class="error" id="q2-error">Please answer this question.</p>');
    expect(html).toContain('<title>Please check the following answers – Acme – Feedback</title>');
    expect(page([q('q1', 'nps')])).not.toContain('error-summary"');
  });

  it('marks optional questions and shows a notice', () => {
    const html = page([q('why', 'text', { optional: true })], { notice: 'You already answered on 1 May.' });
    expect(html).toContain('<span class="optional">(optional)</span>');
    expect(html).toContain('<p class="notice">You already answered on 1 May.</p>');
  });

  it('escapes user-provided text, values and errors', () => {
    const html = page(
      [
        q('q"1', 'text', {
          text: '<img src=x onerror=alert(1)>',
          value: '</textarea><script>x</script>',
          error: '<b>bad</b>',
        }),
      ],
      { companyName: '<i>Acme</i>' },
    );
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>');
    expect(html).toContain('name="q&quot;1"');
    expect(html).toContain('&lt;i&gt;Acme&lt;/i&gt;');
  });

  it('uses the UI locale for interface text', () => {
    const html = renderSurveyPage({
      locale: 'fi',
      lang: 'fi',
      companyName: 'Acme',
      formAction: '/s',
      questions: [q('e', 'ces', { optional: true })],
    });
    expect(html).toContain('Aivan eri mieltä');
    expect(html).toContain('(vapaaehtoinen)');
    expect(html).toContain('>Lähetä</button>');
  });
});

describe('renderMessagePage', () => {
  it('renders the title, body and status', () => {
    const html = renderMessagePage({
      locale: 'en',
      lang: 'en',
      title: 'Thank you!',
      body: 'Saved <now>',
      statusHint: 'ok',
    });
    expect(html).toContain('<div class="card status-ok">');
    expect(html).toContain('<h1>Thank you!</h1>');
    expect(html).toContain('<p>Saved &lt;now&gt;</p>');
    expect(html).not.toContain('<form');
  });
});

describe('renderUnsubscribePage', () => {
  it('asks for confirmation with a one-click POST form', () => {
    const html = renderUnsubscribePage({ locale: 'nb', lang: 'nb', formAction: '/u/tok', done: false });
    expect(html).toContain('<form method="post" action="/u/tok">');
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html).toContain('>Meld meg av</button>');
  });

  it('confirms the unsubscription once done', () => {
    const html = renderUnsubscribePage({ locale: 'sv', lang: 'sv', formAction: '/u/tok', done: true });
    expect(html).toContain('<h1>Du är avregistrerad</h1>');
    expect(html).not.toContain('<form');
  });
});
