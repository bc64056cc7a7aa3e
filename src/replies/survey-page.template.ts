import Handlebars from 'handlebars';

import type { UiLocale } from '../i18n/locale';
import { fill, UI_STRINGS } from '../i18n/ui-strings';
import { answerOptions, scaleEndLabels } from '../surveys/answer-options';
import type { Question } from '../surveys/survey-definition';
import { renderLayout } from './page-layout';

/** One question on the form, with its localized text and the respondent's current state. */
export interface SurveyPageQuestion {
  question: Question;
  text: string;
  choiceLabels?: Array<{ id: string; label: string }>;
  /** Current answer (stored or just submitted), shown as checked / prefilled. */
  value?: string | number;
  /** Already localized validation message. */
  error?: string;
  optional: boolean;
}

export interface SurveyPageModel {
  locale: UiLocale;
  /** Language of the question text, for the `lang` attribute. */
  lang: string;
  companyName: string;
  title?: string;
  formAction: string;
  questions: SurveyPageQuestion[];
  /** Informational line above the form, e.g. the "already answered" notice. */
  notice?: string;
  submitLabel?: string;
}

export interface MessagePageModel {
  locale: UiLocale;
  lang: string;
  title: string;
  body: string;
  statusHint?: 'ok' | 'warn';
  /** A follow-on action under the message (the promoter's review or referral link). */
  link?: { lead: string; href: string; label: string };
}

export interface UnsubscribePageModel {
  locale: UiLocale;
  lang: string;
  formAction: string;
  done: boolean;
}

// No `required` attributes: the server validates, so messages come in the survey's
// language rather than the browser's, and conditional questions cannot block a submit.
const SURVEY = Handlebars.compile<SurveyView>(`<h1>{{title}}</h1>
{{#if errors.length}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">{{errorSummary}}</h2>
<ul>{{#each errors}}<li><a href="#{{anchor}}">{{text}}: {{error}}</a></li>{{/each}}</ul>
</div>
{{/if}}
{{#if notice}}<p class="notice">{{notice}}</p>{{/if}}
<form method="post" action="{{formAction}}">
<input type="hidden" name="_shown" value="{{shown}}">
{{#each questions}}
{{#if isText}}
<div class="question{{#if error}} has-error{{/if}}">
<label class="legend" for="{{anchor}}">{{text}}{{#if optional}} <span class="optional">{{../optionalLabel}}</span>{{/if}}</label>
{{#if error}}<p class="error" id="{{errorId}}">{{error}}</p>{{/if}}
<textarea id="{{anchor}}" name="{{name}}" rows="4"{{#if error}} aria-invalid="true" aria-describedby="{{errorId}}"{{/if}}>
{{value}}</textarea>
</div>
{{else}}
<fieldset class="question{{#if error}} has-error{{/if}}"{{#if error}} aria-describedby="{{errorId}}"{{/if}}>
<legend>{{text}}{{#if optional}} <span class="optional">{{../optionalLabel}}</span>{{/if}}</legend>
{{#if error}}<p class="error" id="{{errorId}}">{{error}}</p>{{/if}}
<div class="options {{layout}}">
{{#each options}}<div class="option"><input type="radio" id="{{id}}" name="{{../name}}" value="{{value}}"{{#if checked}} checked{{/if}}><label for="{{id}}">{{#if caption}}<span class="num">{{label}}</span><span>{{caption}}</span>{{else}}{{label}}{{/if}}{{#if srHint}}<span class="sr-only"> – {{srHint}}</span>{{/if}}</label></div>
{{/each}}</div>
{{#if ends}}<div class="ends" aria-hidden="true"><span>{{ends.low}}</span><span>{{ends.high}}</span></div>{{/if}}
</fieldset>
{{/if}}
{{/each}}
<button type="submit">{{submitLabel}}</button>
</form>`);

// One template for thank-you, expired, not-found and both unsubscribe states; the
// unsubscribe form posts the RFC 8058 one-click body so it shares the mail-client path.
const MESSAGE = Handlebars.compile<MessageView>(`<h1>{{title}}</h1>
<p>{{body}}</p>
{{#if link}}<p>{{link.lead}}</p>
<p><a class="button" href="{{link.href}}" rel="noopener">{{link.label}}</a></p>{{/if}}
{{#if formAction}}<form method="post" action="{{formAction}}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">{{button}}</button>
</form>{{/if}}`);

interface OptionView {
  id: string;
  value: string | number;
  label: string;
  caption?: string;
  srHint?: string;
  checked: boolean;
}

interface QuestionView {
  name: string;
  text: string;
  /** Id of the first focusable control, the target of the error summary link. */
  anchor: string;
  errorId: string;
  error?: string;
  optional: boolean;
  isText: boolean;
  layout: 'row' | 'stack';
  options: OptionView[];
  ends?: { low: string; high: string };
  value?: string | number;
}

interface SurveyView {
  shown: string;
  title: string;
  formAction: string;
  notice?: string;
  errorSummary: string;
  errors: QuestionView[];
  questions: QuestionView[];
  optionalLabel: string;
  submitLabel: string;
}

interface MessageView {
  title: string;
  body: string;
  formAction?: string;
  button?: string;
  link?: { lead: string; href: string; label: string };
}

function questionView(q: SurveyPageQuestion, index: number, locale: UiLocale): QuestionView {
  const strings = UI_STRINGS[locale];
  // Element ids come from the position, not the author's id, which may contain spaces.
  const base = `q${index + 1}`;
  const ends = scaleEndLabels(q.question, strings);
  const raw = answerOptions(q.question, strings, q.choiceLabels);
  const options = raw.map((o, i) => ({
    ...o,
    id: `${base}-${i + 1}`,
    checked: q.value !== undefined && String(q.value) === String(o.value),
    // End captions are hidden from screen readers as a row, so read them on the end points.
    srHint: ends && i === 0 ? ends.low : ends && i === raw.length - 1 ? ends.high : undefined,
  }));
  const type = q.question.type;
  return {
    name: q.question.id,
    text: q.text,
    anchor: options[0]?.id ?? base,
    errorId: `${base}-error`,
    error: q.error,
    optional: q.optional,
    isText: type === 'text',
    layout: type === 'ces' || type === 'single_choice' ? 'stack' : 'row',
    options,
    ends,
    value: q.value,
  };
}

/** The answer form: one POST to `formAction`, fields named by question id. */
export function renderSurveyPage(model: SurveyPageModel): string {
  const strings = UI_STRINGS[model.locale];
  const questions = model.questions.map((q, i) => questionView(q, i, model.locale));
  const title = model.title ?? fill(strings.pageTitle, { company: model.companyName });
  const body = SURVEY({
    title,
    formAction: model.formAction,
    // Which questions this page showed, so the server knows a newly revealed follow-up was not seen yet.
    shown: model.questions.map((q) => q.question.id).join(','),
    notice: model.notice,
    errorSummary: strings.errorSummary,
    errors: questions.filter((q) => q.error),
    questions,
    optionalLabel: strings.optionalLabel,
    submitLabel: model.submitLabel ?? strings.submit,
  });
  const hasErrors = questions.some((q) => q.error);
  // A title prefix makes the failed submit audible to screen readers on page load.
  return renderLayout({ lang: model.lang, title: hasErrors ? `${strings.errorSummary} – ${title}` : title, body });
}

/** A plain message page: thank you, expired, not found. */
export function renderMessagePage(model: MessagePageModel): string {
  const body = MESSAGE({ title: model.title, body: model.body, link: model.link });
  return renderLayout({ lang: model.lang, title: model.title, body, statusHint: model.statusHint });
}

/** Unsubscribe confirmation (a POST button, so link scanners cannot unsubscribe), or the done message. */
export function renderUnsubscribePage(model: UnsubscribePageModel): string {
  const s = UI_STRINGS[model.locale];
  const view: MessageView = model.done
    ? { title: s.unsubscribedTitle, body: s.unsubscribedBody }
    : {
        title: s.unsubscribeTitle,
        body: s.unsubscribeConfirmBody,
        formAction: model.formAction,
        button: s.unsubscribeButton,
      };
  const body = MESSAGE(view);
  return renderLayout({ lang: model.lang, title: view.title, body, statusHint: model.done ? 'ok' : undefined });
}
