import { createHash } from 'node:crypto';

import { escapeHtml } from '../common/html';
import { localeChain, UiLocale, uiLocale } from '../i18n/locale';
import { SIGN_IN_STRINGS, SignInStrings } from '../i18n/sign-in-strings';
import { fill } from '../i18n/ui-strings';

const CSS = `body{margin:0;background:#f3f5f8;color:#1f2933;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.375rem;margin:0 0 1rem}label{display:block;font-weight:600;margin:0 0 .25rem}
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #aab6c4;border-radius:.375rem;margin:0 0 1rem}
button{min-height:2.75rem;padding:.5rem 1.25rem;border:0;border-radius:.375rem;background:#1f4e8c;color:#fff;font:inherit;font-weight:600;cursor:pointer}
a{color:#1f4e8c}:focus-visible{outline:3px solid #f0b429;outline-offset:2px}`;

/**
 * These pages' Content-Security-Policy: their own inline stylesheet by its hash and nothing else
 * (no script), forms post back to us only, never framed. It replaces the API's stricter default,
 * under which the sign-in forms could not post.
 */
export const SIGN_IN_PAGE_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The staff language: the person's own locale when known, else the first language of the
 * browser's Accept-Language (by q) that we have strings for, else English.
 */
export function pageLocale(userLocale: string | null, acceptLanguage: string | undefined): UiLocale {
  if (userLocale) return uiLocale(localeChain(userLocale, 'en'));
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return uiLocale(ranked.flatMap((e) => localeChain(e.tag, e.tag)));
}

function layout(locale: UiLocale, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – Palaute</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/** The minimal sign-in form (the console has its own; this one works with no script at all). */
export function signInFormPage(locale: UiLocale): string {
  const s = SIGN_IN_STRINGS[locale];
  return layout(
    locale,
    s.signInTitle,
    `<form method="post" action="/auth/sign-in">
<label for="email">${escapeHtml(s.emailLabel)}</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">${escapeHtml(s.sendLink)}</button>
</form>`,
  );
}

/** After asking for a link: the same words whether or not the address has an account. */
export function linkSentPage(locale: UiLocale, minutes: number): string {
  const s = SIGN_IN_STRINGS[locale];
  return layout(locale, s.sentTitle, `<p>${escapeHtml(fill(s.sentBody, { minutes }))}</p>`);
}

export function tooManyPage(locale: UiLocale): string {
  const s = SIGN_IN_STRINGS[locale];
  return layout(locale, s.tooManyTitle, `<p>${escapeHtml(s.tooManyBody)}</p>`);
}

const REFUSALS: Record<'expired' | 'used' | 'invalid', (s: SignInStrings) => [string, string]> = {
  expired: (s) => [s.expiredTitle, s.expiredBody],
  used: (s) => [s.usedTitle, s.usedBody],
  invalid: (s) => [s.invalidTitle, s.invalidBody],
};

/** Why a link did not sign the person in, and how to get a new one. */
export function refusedLinkPage(locale: UiLocale, reason: 'expired' | 'used' | 'invalid'): string {
  const s = SIGN_IN_STRINGS[locale];
  const [title, why] = REFUSALS[reason](s);
  return layout(
    locale,
    title,
    `<p>${escapeHtml(why)}</p>
<p>${escapeHtml(s.howToGetNew)}</p>
<p><a href="/auth/sign-in">${escapeHtml(s.getNewLink)}</a></p>`,
  );
}

/**
 * What a link opens: one button that signs in. Opening the link changes nothing, so the mail
 * scanners that open every link in an email (Outlook Safe Links, Mimecast) cannot use it up.
 */
export function continuePage(locale: UiLocale, token: string, email: string): string {
  const s = SIGN_IN_STRINGS[locale];
  return layout(
    locale,
    s.continueTitle,
    `<p>${escapeHtml(fill(s.continueBody, { email }))}</p>
<form method="post" action="/auth/callback">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit" autofocus>${escapeHtml(s.continueButton)}</button>
</form>`,
  );
}
