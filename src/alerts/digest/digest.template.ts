import { escapeHtml } from '../../common/html';
import type { StaffLocale } from '../alert-settings.service';
import type { AgeBucketCount } from '../metrics';
import type { TrendWeek } from './digest-trend';

/** The Content-ID of the trend picture: the HTML refers to it, the email carries it as an inline part. */
export const TREND_CID = 'nps-trend@palaute';

export type DigestMetric = 'nps' | 'csat' | 'ces';

/** One score this week beside last week's, with the test's verdict. */
export interface DigestScore {
  metric: DigestMetric;
  thisWeek: number | null;
  lastWeek: number | null;
  n: number;
  previousN: number;
  difference: number | null;
  /** p < 0.05 and both weeks have enough answers. */
  significant: boolean;
  tooFewToJudge: boolean;
}

export interface DigestInput {
  locale: StaffLocale;
  workspaceName: string;
  /** Local dates of the reported week, Monday to Sunday. */
  firstDay: string;
  lastDay: string;
  scores: DigestScore[];
  /** NPS by week, oldest first, the reported week last. */
  trend: TrendWeek[];
  detractorThemes: string[];
  openAlerts: AgeBucketCount[];
}

interface Strings {
  subject: (ws: string, from: string, to: string) => string;
  scores: string;
  thisWeek: string;
  lastWeek: string;
  change: string;
  significant: string;
  notSignificant: string;
  tooFew: string;
  noAnswers: string;
  themes: string;
  noThemes: string;
  openAlerts: string;
  open: string;
  acknowledged: string;
  ages: [string, string, string, string];
  answers: (n: number) => string;
  trend: (weeks: number) => string;
  week: string;
}

const STRINGS: Record<StaffLocale, Strings> = {
  en: {
    subject: (ws, a, b) => `${ws}: customer feedback ${a} – ${b}`,
    scores: 'Scores',
    thisWeek: 'This week',
    lastWeek: 'Last week',
    change: 'Change',
    significant: 'a real change (p < 0.05)',
    notSignificant: 'within noise',
    tooFew: 'too few answers to judge',
    noAnswers: 'no answers',
    themes: 'What detractors talk about',
    noThemes: 'No recurring themes among detractors this week.',
    openAlerts: 'Alerts waiting for follow-up',
    open: 'not acknowledged',
    acknowledged: 'acknowledged',
    ages: ['under 1 day', '1–3 days', '3–7 days', 'over 7 days'],
    answers: (n) => `${n} answers`,
    trend: (w) => `NPS, the last ${w} weeks (the band is the 95% interval)`,
    week: 'week of',
  },
  fi: {
    subject: (ws, a, b) => `${ws}: asiakaspalaute ${a} – ${b}`,
    scores: 'Tulokset',
    thisWeek: 'Tämä viikko',
    lastWeek: 'Edellinen viikko',
    change: 'Muutos',
    significant: 'todellinen muutos (p < 0,05)',
    notSignificant: 'satunnaisvaihtelun rajoissa',
    tooFew: 'liian vähän vastauksia arvioitavaksi',
    noAnswers: 'ei vastauksia',
    themes: 'Mistä arvostelijat puhuvat',
    noThemes: 'Arvostelijoiden vastauksissa ei toistuvia aiheita tällä viikolla.',
    openAlerts: 'Yhteydenottoa odottavat hälytykset',
    open: 'kuittaamatta',
    acknowledged: 'kuitattu',
    ages: ['alle 1 päivä', '1–3 päivää', '3–7 päivää', 'yli 7 päivää'],
    answers: (n) => `${n} vastausta`,
    trend: (w) => `NPS, viimeiset ${w} viikkoa (vyö on 95 %:n luottamusväli)`,
    week: 'viikko alkaen',
  },
  sv: {
    subject: (ws, a, b) => `${ws}: kundfeedback ${a} – ${b}`,
    scores: 'Resultat',
    thisWeek: 'Denna vecka',
    lastWeek: 'Förra veckan',
    change: 'Förändring',
    significant: 'en verklig förändring (p < 0,05)',
    notSignificant: 'inom slumpvariationen',
    tooFew: 'för få svar för att bedöma',
    noAnswers: 'inga svar',
    themes: 'Vad kritikerna tar upp',
    noThemes: 'Inga återkommande ämnen bland kritikerna denna vecka.',
    openAlerts: 'Larm som väntar på uppföljning',
    open: 'ej kvitterade',
    acknowledged: 'kvitterade',
    ages: ['under 1 dag', '1–3 dagar', '3–7 dagar', 'över 7 dagar'],
    answers: (n) => `${n} svar`,
    trend: (w) => `NPS, de senaste ${w} veckorna (bandet är 95 % konfidensintervall)`,
    week: 'veckan från',
  },
  nb: {
    subject: (ws, a, b) => `${ws}: kundetilbakemeldinger ${a} – ${b}`,
    scores: 'Resultater',
    thisWeek: 'Denne uken',
    lastWeek: 'Forrige uke',
    change: 'Endring',
    significant: 'en reell endring (p < 0,05)',
    notSignificant: 'innenfor tilfeldig variasjon',
    tooFew: 'for få svar til å vurdere',
    noAnswers: 'ingen svar',
    themes: 'Hva kritikerne tar opp',
    noThemes: 'Ingen gjentakende temaer blant kritikerne denne uken.',
    openAlerts: 'Varsler som venter på oppfølging',
    open: 'ikke kvittert',
    acknowledged: 'kvittert',
    ages: ['under 1 dag', '1–3 dager', '3–7 dager', 'over 7 dager'],
    answers: (n) => `${n} svar`,
    trend: (w) => `NPS, de siste ${w} ukene (båndet er 95 % konfidensintervall)`,
    week: 'uken fra',
  },
};

const LABEL: Record<DigestMetric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

function figure(metric: DigestMetric, value: number | null, locale: StaffLocale): string {
  if (value === null) return '–';
  const digits = metric === 'ces' ? 2 : metric === 'csat' ? 1 : 0;
  const text = value.toLocaleString(locale === 'nb' ? 'nb-NO' : locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'auto',
  });
  return metric === 'csat' ? `${text} %` : text;
}

function changeText(s: DigestScore, t: Strings, locale: StaffLocale): string {
  if (s.n === 0) return t.noAnswers;
  if (s.difference === null || s.tooFewToJudge) return t.tooFew;
  const sign = s.difference > 0 ? '+' : s.difference < 0 ? '−' : '±';
  return `${sign}${figure(s.metric, Math.abs(s.difference), locale)} (${s.significant ? t.significant : t.notSignificant})`;
}

/** The trend picture (an inline PNG) with the same figures as its alternative text and as a line of small print. */
function trendHtml(title: string, lines: string[]): string {
  return `<h2 style="font-size:1em">${escapeHtml(title)}</h2>
<img src="cid:${TREND_CID}" width="560" height="150" alt="${escapeHtml(`${title}: ${lines.join('; ')}`)}" style="display:block;max-width:100%;height:auto">
<p style="font-size:0.8em;color:#475569">${lines.map(escapeHtml).join(' · ')}</p>`;
}

/** The weekly digest: scores beside last week's and whether each change is real, detractor themes, alerts by age. */
export function renderDigestEmail(input: DigestInput): { subject: string; html: string; text: string } {
  const t = STRINGS[input.locale];
  const scoreLines = input.scores.map((s) => ({
    label: LABEL[s.metric],
    now: `${figure(s.metric, s.thisWeek, input.locale)} (${t.answers(s.n)})`,
    before: `${figure(s.metric, s.lastWeek, input.locale)} (${t.answers(s.previousN)})`,
    change: changeText(s, t, input.locale),
  }));
  const alertLines = input.openAlerts.map(
    (b, i) => `${t.ages[i] ?? b.label}: ${b.total} (${b.open} ${t.open}, ${b.acknowledged} ${t.acknowledged})`,
  );
  const trendLines = input.trend.map(
    (w) => `${t.week} ${w.weekStart}: ${figure('nps', w.score, input.locale)} (${t.answers(w.n)})`,
  );
  const hasTrend = input.trend.some((w) => w.score !== null);
  const text = [
    t.subject(input.workspaceName, input.firstDay, input.lastDay),
    '',
    `${t.scores}`,
    ...scoreLines.map(
      (l) => `  ${l.label}: ${t.thisWeek} ${l.now} · ${t.lastWeek} ${l.before} · ${t.change} ${l.change}`,
    ),
    ...(hasTrend ? ['', t.trend(input.trend.length), ...trendLines.map((l) => `  ${l}`)] : []),
    '',
    t.themes,
    ...(input.detractorThemes.length ? input.detractorThemes.map((th) => `  - ${th}`) : [`  ${t.noThemes}`]),
    '',
    t.openAlerts,
    ...alertLines.map((l) => `  ${l}`),
  ].join('\n');
  const html = `<!doctype html><html lang="${input.locale}"><body style="font-family:system-ui,sans-serif;max-width:44em">
<h1 style="font-size:1.2em">${escapeHtml(t.subject(input.workspaceName, input.firstDay, input.lastDay))}</h1>
<h2 style="font-size:1em">${escapeHtml(t.scores)}</h2>
<table cellpadding="4"><tr><th></th><th align="left">${escapeHtml(t.thisWeek)}</th><th align="left">${escapeHtml(t.lastWeek)}</th><th align="left">${escapeHtml(t.change)}</th></tr>
${scoreLines.map((l) => `<tr><th align="left">${l.label}</th><td>${escapeHtml(l.now)}</td><td>${escapeHtml(l.before)}</td><td>${escapeHtml(l.change)}</td></tr>`).join('\n')}
</table>
${hasTrend ? trendHtml(t.trend(input.trend.length), trendLines) : ''}
<h2 style="font-size:1em">${escapeHtml(t.themes)}</h2>
${input.detractorThemes.length ? `<ul>${input.detractorThemes.map((th) => `<li>${escapeHtml(th)}</li>`).join('')}</ul>` : `<p>${escapeHtml(t.noThemes)}</p>`}
<h2 style="font-size:1em">${escapeHtml(t.openAlerts)}</h2>
<ul>${alertLines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
</body></html>`;
  return { subject: t.subject(input.workspaceName, input.firstDay, input.lastDay), html, text };
}
