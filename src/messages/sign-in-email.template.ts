import { escapeHtml } from '../common/html';
import { localeChain, uiLocale } from '../i18n/locale';
import { SIGN_IN_STRINGS } from '../i18n/sign-in-strings';
import { fill } from '../i18n/ui-strings';
import type { SignInEmail } from '../workspaces/sign-in-mailer';

/** The sign-in or invitation email: subject, HTML and text, in the person's language. */
export function renderSignInEmail(email: SignInEmail): {
  subject: string;
  html: string;
  text: string;
  locale: string;
} {
  const locale = uiLocale(localeChain(email.locale, 'en'));
  const s = SIGN_IN_STRINGS[locale];
  const minutes = Math.round(email.validForMs / 60_000);
  const hours = Math.round(email.validForMs / 3_600_000);
  const workspace = email.links.map((l) => l.workspaceName).join(', ');
  const intro =
    email.purpose === 'invite' ? fill(s.inviteIntro, { workspace, hours }) : fill(s.signInIntro, { minutes });
  const subject = email.purpose === 'invite' ? fill(s.inviteSubject, { workspace }) : s.signInSubject;
  const buttons = email.links.map((l) => ({ label: fill(s.signInButton, { workspace: l.workspaceName }), url: l.url }));
  const text = [intro, '', ...buttons.flatMap((b) => [`${b.label}:`, b.url, '']), s.ignoreNotice].join('\n');
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;max-width:40em">
<p>${escapeHtml(intro)}</p>
${buttons
  .map(
    (b) =>
      `<p><a href="${escapeHtml(b.url)}" style="display:inline-block;padding:.6em 1.2em;background:#1f4e8c;color:#fff;border-radius:.3em;text-decoration:none;font-weight:600">${escapeHtml(b.label)}</a></p>`,
  )
  .join('\n')}
<p style="color:#666;font-size:small">${escapeHtml(s.ignoreNotice)}</p>
</body></html>`;
  return { subject, html, text, locale };
}
