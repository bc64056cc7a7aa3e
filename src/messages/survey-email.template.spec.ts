import type { Question } from '../surveys/survey-definition';
import { renderSurveyEmail, type SurveyEmailInput } from './survey-email.template';

const question = (type: Question['type'], extra: Partial<Question> = {}): Question => ({
  id: 'q1',
  type,
  text: { en: 'Q' },
  ...extra,
});

function render(overrides: Partial<SurveyEmailInput> = {}) {
  return renderSurveyEmail({
    locale: 'en',
    companyName: 'Acme',
    contactName: 'Anna',
    firstQuestion: question('nps'),
    questionText: 'How likely are you to recommend us?',
    answerUrl: (v) => `https://x.test/s/tok/a/${v}`,
    surveyUrl: 'https://x.test/s/tok',
    unsubscribeUrl: 'https://x.test/u/tok',
    ...overrides,
  });
}

const answerLinks = (html: string) => html.match(/href="https:\/\/x\.test\/s\/tok\/a\/[^"]*"/g) ?? [];

describe('renderSurveyEmail', () => {
  it('renders eleven NPS buttons with end labels', () => {
    const { html } = render();
    expect(answerLinks(html)).toHaveLength(11);
    expect(html).toContain('href="https://x.test/s/tok/a/0"');
    expect(html).toContain('href="https://x.test/s/tok/a/10"');
    expect(html).toContain('Not at all likely');
    expect(html).toContain('Extremely likely');
    expect(html).toContain('lang="en"');
  });

  it.each([
    ['csat', 5],
    ['ces', 7],
    ['yes_no', 2],
  ] as const)('renders %s with %i buttons', (type, count) => {
    expect(answerLinks(render({ firstQuestion: question(type) }).html)).toHaveLength(count);
  });

  it('renders a button per choice with the localized labels', () => {
    const firstQuestion = question('single_choice', {
      choices: [
        { id: 'web', label: { en: 'Web' } },
        { id: 'shop', label: { en: 'Shop' } },
      ],
    });
    const { html, text } = render({
      firstQuestion,
      choiceLabels: [
        { id: 'web', label: 'Verkossa' },
        { id: 'shop', label: 'Myymälässä' },
      ],
    });
    expect(answerLinks(html)).toHaveLength(2);
    expect(html).toContain('Verkossa');
    expect(text).toContain('Myymälässä – https://x.test/s/tok/a/shop');
  });

  it('links a text question to the survey page', () => {
    const { html, text } = render({ firstQuestion: question('text') });
    expect(answerLinks(html)).toHaveLength(0);
    expect(html).toContain('href="https://x.test/s/tok"');
    expect(text).toContain('Answer the survey: https://x.test/s/tok');
  });

  it('shows the Finnish CES labels in a Finnish email', () => {
    const { html, text, subject } = render({ locale: 'fi', firstQuestion: question('ces') });
    expect(html).toContain('Aivan eri mieltä');
    expect(html).toContain('Ei samaa eikä eri mieltä');
    expect(html).toContain('Täysin samaa mieltä');
    expect(text).toContain('7 Täysin samaa mieltä – https://x.test/s/tok/a/7');
    expect(subject).toBe('Acme: Miten onnistuimme?');
  });

  it('escapes user-provided text in the HTML part', () => {
    const { html, subject } = render({
      companyName: '<b>Acme</b> & Co',
      contactName: '<script>alert(1)</script>',
      questionText: 'Is 1 < 2 "really"?',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Acme</b>');
    expect(html).toContain('&lt;b&gt;Acme&lt;/b&gt; &amp; Co');
    expect(html).toContain('Is 1 &lt; 2 &quot;really&quot;?');
    expect(subject).toBe('<b>Acme</b> & Co: How did we do?'); // a header, not HTML
  });

  it('escapes ampersands in answer URLs', () => {
    const { html, text } = render({ answerUrl: (v) => `https://x.test/s/tok?q=q1&v=${v}` });
    expect(html).toContain('href="https://x.test/s/tok?q&#x3D;q1&amp;v&#x3D;9"');
    expect(text).toContain('9 – https://x.test/s/tok?q=q1&v=9');
  });

  it('lists every answer link and the unsubscribe link in the text part', () => {
    const { text } = render();
    for (let v = 0; v <= 10; v++) expect(text).toContain(`\n${v} – https://x.test/s/tok/a/${v}\n`);
    expect(text).toContain('(0 = Not at all likely, 10 = Extremely likely)');
    expect(text).toContain('Unsubscribe from surveys: https://x.test/u/tok');
    expect(text.startsWith('Hi Anna,\n')).toBe(true);
  });

  it('uses a custom subject with the company filled in, on one line', () => {
    expect(render({ subject: 'Feedback\r\nfor {company}' }).subject).toBe('Feedback for Acme');
    expect(render({ contactName: undefined }).text.startsWith('Hello,\n')).toBe(true);
  });
});
