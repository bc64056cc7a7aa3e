import { escapeHtml } from '../common/html';
import type { AlertMatch } from './alert-rules';
import type { StaffLocale } from './alert-settings.service';

/** What the owner's email needs to know about an alert. */
export interface AlertEmailInput {
  locale: StaffLocale;
  campaignName: string;
  contact: { externalId: string; name: string | null; email: string | null; phone: string | null };
  context: { team: string | null; agent: string | null; touchpoint: string | null };
  matches: AlertMatch[];
  comment: string | null;
  link: string;
}

interface Strings {
  subject: (why: string, campaign: string) => string;
  intro: string;
  keyword: (k: string) => string;
  customer: string;
  team: string;
  agent: string;
  touchpoint: string;
  comment: string;
  open: string;
  footer: string;
}

const STRINGS: Record<StaffLocale, Strings> = {
  en: {
    subject: (why, c) => `Unhappy customer: ${why} – ${c}`,
    intro: 'A customer gave an answer that needs a follow-up. Call them back while it is fresh.',
    keyword: (k) => `comment mentions "${k}"`,
    customer: 'Customer',
    team: 'Team',
    agent: 'Agent',
    touchpoint: 'Touchpoint',
    comment: 'Comment',
    open: 'Open the alert',
    footer: 'You get this email because alerts of this campaign are routed to you.',
  },
  fi: {
    subject: (why, c) => `Tyytymätön asiakas: ${why} – ${c}`,
    intro: 'Asiakkaan vastaus vaatii yhteydenottoa. Soita hänelle, kun asia on vielä tuore.',
    keyword: (k) => `kommentissa mainitaan "${k}"`,
    customer: 'Asiakas',
    team: 'Tiimi',
    agent: 'Asiakaspalvelija',
    touchpoint: 'Kohtaaminen',
    comment: 'Kommentti',
    open: 'Avaa hälytys',
    footer: 'Saat tämän viestin, koska tämän kampanjan hälytykset ohjataan sinulle.',
  },
  sv: {
    subject: (why, c) => `Missnöjd kund: ${why} – ${c}`,
    intro: 'En kund har svarat något som behöver följas upp. Ring upp medan det är färskt.',
    keyword: (k) => `kommentaren nämner "${k}"`,
    customer: 'Kund',
    team: 'Team',
    agent: 'Handläggare',
    touchpoint: 'Kontaktpunkt',
    comment: 'Kommentar',
    open: 'Öppna larmet',
    footer: 'Du får det här mejlet eftersom larm från den här kampanjen skickas till dig.',
  },
  nb: {
    subject: (why, c) => `Misfornøyd kunde: ${why} – ${c}`,
    intro: 'En kunde har svart noe som bør følges opp. Ring tilbake mens det er ferskt.',
    keyword: (k) => `kommentaren nevner "${k}"`,
    customer: 'Kunde',
    team: 'Team',
    agent: 'Saksbehandler',
    touchpoint: 'Kontaktpunkt',
    comment: 'Kommentar',
    open: 'Åpne varselet',
    footer: 'Du får denne e-posten fordi varsler fra denne kampanjen sendes til deg.',
  },
};

const LABEL = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

/** The reasons in the owner's language: `NPS 3`, `kommentissa mainitaan "lopetan"`. */
export function localizedReasons(matches: AlertMatch[], locale: StaffLocale): string[] {
  return matches.map((m) => (m.kind === 'score' ? `${LABEL[m.type]} ${m.value}` : STRINGS[locale].keyword(m.keyword)));
}

/** The owner's notification: subject, HTML and plain text, in the staff's language. */
export function renderAlertEmail(input: AlertEmailInput): { subject: string; html: string; text: string } {
  const s = STRINGS[input.locale];
  const why = localizedReasons(input.matches, input.locale).join(', ');
  const who = [input.contact.name, input.contact.externalId].filter(Boolean).join(' · ');
  const reach = [input.contact.phone, input.contact.email].filter(Boolean).join(' · ');
  const rows: Array<[string, string | null]> = [
    [s.customer, [who, reach].filter(Boolean).join(' — ')],
    [s.team, input.context.team],
    [s.agent, input.context.agent],
    [s.touchpoint, input.context.touchpoint],
  ];
  const shown = rows.filter((r): r is [string, string] => Boolean(r[1]));
  const text = [
    s.intro,
    '',
    why,
    ...shown.map(([k, v]) => `${k}: ${v}`),
    ...(input.comment ? ['', `${s.comment}:`, ...input.comment.split('\n').map((l) => `> ${l}`)] : []),
    '',
    `${s.open}: ${input.link}`,
    '',
    s.footer,
  ].join('\n');
  const html = `<!doctype html><html lang="${input.locale}"><body style="font-family:system-ui,sans-serif;max-width:40em">
<p>${escapeHtml(s.intro)}</p>
<p><strong>${escapeHtml(why)}</strong></p>
<table>${shown.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
${input.comment ? `<p>${escapeHtml(s.comment)}:</p><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${escapeHtml(input.comment).replace(/\n/g, '<br>')}</blockquote>` : ''}
<p><a href="${escapeHtml(input.link)}">${escapeHtml(s.open)}</a></p>
<p style="color:#666;font-size:small">${escapeHtml(s.footer)}</p>
</body></html>`;
  return { subject: s.subject(why, input.campaignName), html, text };
}
