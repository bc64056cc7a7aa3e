import Handlebars from 'handlebars';

import type { UiLocale } from '../i18n/locale';
import { fill, UI_STRINGS } from '../i18n/ui-strings';
import { type AnswerOption, answerOptions, scaleEndLabels } from '../surveys/answer-options';
import type { Question } from '../surveys/survey-definition';

/** Everything needed to render one survey invitation email. */
export interface SurveyEmailInput {
  locale: UiLocale;
  /** Campaign subject; may use `{company}`. Defaults to the locale's built-in subject. */
  subject?: string;
  companyName: string;
  contactName?: string;
  /** Embedded as one-click answers; its text arrives localized in `questionText`. */
  firstQuestion: Question;
  questionText: string;
  /** Localized labels for `single_choice` questions. */
  choiceLabels?: Array<{ id: string; label: string }>;
  answerUrl: (value: string | number) => string;
  surveyUrl: string;
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const BUTTON = `${FONT}display:block;color:#1f2933;text-decoration:none;font-weight:bold;`;

// Table layout and inline styles only: Gmail strips <style> in some views and Outlook
// renders with Word, so nothing here may depend on CSS classes, flexbox or media queries.
// The MSO conditional pins the width for Outlook, which ignores max-width.
const HTML = Handlebars.compile<EmailView>(`<!DOCTYPE html>
<html lang="{{lang}}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>{{subject}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f5f8;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">{{questionText}}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f5f8;">
<tr><td align="center" style="padding:24px 8px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td style="${FONT}padding:24px 24px 0;font-size:14px;color:#5a6675;font-weight:bold;">{{companyName}}</td></tr>
<tr><td style="${FONT}padding:16px 24px 0;font-size:16px;line-height:24px;color:#1f2933;">
<p style="margin:0 0 12px;">{{greeting}}</p>
<p style="margin:0 0 20px;">{{intro}}</p>
<p style="margin:0 0 8px;font-size:18px;line-height:26px;font-weight:bold;">{{questionText}}</p>
{{#if hint}}<p style="margin:0 0 12px;font-size:14px;line-height:20px;color:#5a6675;">{{hint}}</p>{{/if}}
</td></tr>
<tr><td style="padding:4px 20px 0;">
{{#if row}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="table-layout:fixed;"><tr>
{{#each row}}<td width="{{../cellWidth}}%" style="padding:2px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" bgcolor="#eef2f7" style="border:1px solid #c5cfdb;border-radius:4px;"><a href="{{url}}" style="${BUTTON}padding:12px 0;font-size:16px;text-align:center;">{{label}}</a></td></tr></table></td>
{{/each}}</tr></table>
{{/if}}
{{#if ends}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td style="${FONT}padding:6px 2px 0;font-size:13px;line-height:18px;color:#5a6675;">{{ends.low}}</td>
<td align="right" style="${FONT}padding:6px 2px 0;font-size:13px;line-height:18px;color:#5a6675;text-align:right;">{{ends.high}}</td>
</tr></table>
{{/if}}
{{#each stack}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="padding:3px 4px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="#eef2f7" style="border:1px solid #c5cfdb;border-radius:4px;"><a href="{{url}}" style="${BUTTON}padding:12px 16px;font-size:16px;line-height:22px;">{{#if caption}}<span style="display:inline-block;min-width:24px;">{{label}}</span> <span style="font-weight:normal;">{{caption}}</span>{{else}}{{label}}{{/if}}</a></td></tr></table></td></tr></table>
{{/each}}
{{#if openUrl}}
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 4px 0;"><tr><td bgcolor="#1f4e8c" style="border-radius:4px;"><a href="{{openUrl}}" style="${BUTTON}padding:12px 24px;font-size:16px;color:#ffffff;">{{answerLabel}}</a></td></tr></table>
{{/if}}
</td></tr>
<tr><td style="${FONT}padding:28px 24px 24px;font-size:12px;line-height:18px;color:#7b8794;">
<a href="{{unsubscribeUrl}}" style="color:#7b8794;text-decoration:underline;">{{unsubscribeLabel}}</a>
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr></table>
</body>
</html>
`);

interface LinkedOption extends AnswerOption {
  url: string;
}

interface EmailView {
  lang: UiLocale;
  subject: string;
  companyName: string;
  greeting: string;
  intro: string;
  questionText: string;
  hint?: string;
  /** Short labels side by side (numbers, yes/no). */
  row?: LinkedOption[];
  cellWidth?: string;
  ends?: { low: string; high: string };
  /** Long labels one per line, so they stay readable on a phone. */
  stack?: LinkedOption[];
  openUrl?: string;
  answerLabel: string;
  unsubscribeUrl: string;
  unsubscribeLabel: string;
}

/** Renders the invitation with the first question answerable by one click. */
export function renderSurveyEmail(input: SurveyEmailInput): RenderedEmail {
  const strings = UI_STRINGS[input.locale];
  const { type } = input.firstQuestion;
  const options: LinkedOption[] = answerOptions(input.firstQuestion, strings, input.choiceLabels).map((o) => ({
    ...o,
    url: input.answerUrl(o.value),
  }));
  const inRow = type === 'nps' || type === 'csat' || type === 'yes_no';
  const view: EmailView = {
    lang: input.locale,
    // Subjects are header text: a stray newline from a campaign form must not split it.
    subject: fill(input.subject ?? strings.emailSubject, { company: input.companyName })
      .replace(/\s+/g, ' ')
      .trim(),
    companyName: input.companyName,
    greeting: input.contactName
      ? fill(strings.emailGreeting, { name: input.contactName })
      : strings.emailGreetingNoName,
    intro: fill(strings.emailIntro, { company: input.companyName }),
    questionText: input.questionText,
    hint:
      type === 'text'
        ? undefined
        : type === 'yes_no' || type === 'single_choice'
          ? strings.emailClickChoiceHint
          : strings.emailClickHint,
    row: inRow ? options : undefined,
    cellWidth: (100 / Math.max(options.length, 1)).toFixed(2),
    ends: scaleEndLabels(input.firstQuestion, strings),
    stack: inRow ? undefined : options,
    openUrl: type === 'text' ? input.surveyUrl : undefined,
    answerLabel: strings.answer,
    unsubscribeUrl: input.unsubscribeUrl,
    unsubscribeLabel: strings.emailFooterUnsubscribe,
  };
  return { subject: view.subject, html: HTML(view), text: renderText(view, options) };
}

/** The plain-text part: same content, one answer link per line. */
function renderText(view: EmailView, options: LinkedOption[]): string {
  const lines = [view.greeting, '', view.intro, '', view.questionText];
  if (view.ends) lines.push(`(${options[0].label} = ${view.ends.low}, ${options.at(-1)!.label} = ${view.ends.high})`);
  lines.push('');
  for (const o of options) lines.push(`${o.label}${o.caption ? ` ${o.caption}` : ''} – ${o.url}`);
  if (view.openUrl) lines.push(`${view.answerLabel}: ${view.openUrl}`);
  lines.push('', '--', view.companyName, `${view.unsubscribeLabel}: ${view.unsubscribeUrl}`, '');
  return lines.join('\n');
}
