import { createHash } from 'node:crypto';

import Handlebars from 'handlebars';

/**
 * Shared stylesheet for the reply pages. Inline in the page so a survey opens in one
 * request on a slow phone connection; exported so a CSP hash can be computed from it.
 * Radios are visually hidden but stay focusable: the label is the tap target and
 * `:checked + label` shows the choice, so scales work as a button row without script.
 */
export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:#f3f5f8;color:#1f2933;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:.5rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.status-ok{border-top:6px solid #2f855a}
.status-warn{border-top:6px solid #d97706}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}
fieldset,.question{border:0;margin:0 0 1.75rem;padding:0;min-width:0}
legend,.legend{display:block;padding:0;margin:0 0 .5rem;font-weight:600;font-size:1.0625rem}
.optional{font-weight:400;color:#5a6675}
.options{display:grid;gap:.375rem}
.options.row{grid-template-columns:repeat(auto-fit,minmax(2.5rem,1fr))}
.option{position:relative}
.option input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.option label{display:flex;align-items:center;justify-content:center;gap:.75rem;min-height:2.75rem;padding:.5rem;border:1px solid #aab6c4;border-radius:.375rem;background:#fff;cursor:pointer;font-weight:600;text-align:center}
.options.stack label{justify-content:flex-start;text-align:left;font-weight:400}
.num{font-weight:700;min-width:1.25rem}
.option input:checked+label{background:#1f4e8c;border-color:#1f4e8c;color:#fff}
.option input:focus-visible+label{outline:3px solid #f0b429;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;margin-top:.25rem;font-size:.875rem;color:#5a6675}
.ends span:last-child{text-align:right}
textarea{display:block;width:100%;min-height:6rem;padding:.5rem;font:inherit;border:1px solid #aab6c4;border-radius:.375rem}
.error{margin:0 0 .5rem;color:#b42318;font-weight:600}
.has-error .option label,.has-error textarea{border-color:#b42318}
.error-summary{margin:0 0 1.5rem;padding:1rem;border:3px solid #b42318;border-radius:.375rem}
.error-summary h2{margin:0 0 .5rem;font-size:1.125rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b42318}
.notice{margin:0 0 1.25rem;padding:.75rem 1rem;background:#e8f1fb;border-left:4px solid #1f4e8c}
button{width:100%;min-height:3rem;padding:.75rem 1.5rem;border:0;border-radius:.375rem;background:#1f4e8c;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:focus-visible{outline:3px solid #f0b429;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/**
 * The reply pages' Content-Security-Policy: nothing may load or run but the page's own inline
 * stylesheet, named by its hash (no script at all), forms post only back to us, and no other site
 * may frame the page (a framed survey could be overlaid to trick answers out of respondents).
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

// noindex and no-referrer because page URLs carry a respondent's token.
const LAYOUT = Handlebars.compile<PageInput & { css: string }>(`<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<main><div class="card{{#if statusHint}} status-{{statusHint}}{{/if}}">
{{{body}}}
</div></main>
</body>
</html>
`);

export interface PageInput {
  lang: string;
  /** Document title (plain text). */
  title: string;
  /** Trusted HTML produced by one of the page templates; never raw user input. */
  body: string;
  statusHint?: 'ok' | 'warn';
}

/** Wraps a rendered page body in the shared HTML document. */
export function renderLayout(input: PageInput): string {
  return LAYOUT({ ...input, css: PAGE_CSS });
}
