import { DigestInput, renderDigestEmail } from './digest.template';

const input: DigestInput = {
  locale: 'en',
  workspaceName: 'Acme',
  firstDay: '2026-11-16',
  lastDay: '2026-11-22',
  scores: [
    {
      metric: 'nps',
      thisWeek: 12,
      lastWeek: 30,
      n: 400,
      previousN: 380,
      difference: -18,
      significant: true,
      tooFewToJudge: false,
    },
    {
      metric: 'csat',
      thisWeek: 81.5,
      lastWeek: 80,
      n: 90,
      previousN: 85,
      difference: 1.5,
      significant: false,
      tooFewToJudge: false,
    },
    {
      metric: 'ces',
      thisWeek: 5.1,
      lastWeek: null,
      n: 10,
      previousN: 0,
      difference: null,
      significant: false,
      tooFewToJudge: true,
    },
  ],
  trend: [
    { weekStart: '2026-11-02', score: 28, low: 20, high: 36, n: 350 },
    { weekStart: '2026-11-09', score: 30, low: 22, high: 38, n: 380 },
    { weekStart: '2026-11-16', score: 12, low: 5, high: 19, n: 400 },
  ],
  detractorThemes: ['queue time', 'refund'],
  openAlerts: [
    { label: '< 1 day', fromDays: 0, toDays: 1, open: 2, acknowledged: 1, total: 3 },
    { label: '1–3 days', fromDays: 1, toDays: 3, open: 0, acknowledged: 0, total: 0 },
    { label: '3–7 days', fromDays: 3, toDays: 7, open: 1, acknowledged: 0, total: 1 },
    { label: '> 7 days', fromDays: 7, toDays: Infinity, open: 0, acknowledged: 2, total: 2 },
  ],
};

describe('renderDigestEmail', () => {
  it('puts each score beside last week and says whether the change is real', () => {
    const { subject, text } = renderDigestEmail(input);
    expect(subject).toBe('Acme: customer feedback 2026-11-16 – 2026-11-22');
    expect(text).toContain(
      'NPS: This week 12 (400 answers) · Last week 30 (380 answers) · Change −18 (a real change (p < 0.05))',
    );
    expect(text).toContain(
      'CSAT: This week 81.5 % (90 answers) · Last week 80.0 % (85 answers) · Change +1.5 % (within noise)',
    );
    expect(text).toContain(
      'CES: This week 5.10 (10 answers) · Last week – (0 answers) · Change too few answers to judge',
    );
    expect(text).toContain('  - queue time');
    expect(text).toContain('over 7 days: 2 (0 not acknowledged, 2 acknowledged)');
  });

  it('speaks Finnish with Finnish number formatting, and escapes HTML', () => {
    const { text, html } = renderDigestEmail({ ...input, locale: 'fi', workspaceName: 'A<b>', detractorThemes: [] });
    expect(text).toContain('CSAT: Tämä viikko 81,5 % (90 vastausta)');
    expect(text).toContain('Arvostelijoiden vastauksissa ei toistuvia aiheita');
    expect(html).toContain('A&lt;b&gt;');
  });

  it('shows the weekly NPS trend as an inline picture whose alternative text carries the same figures', () => {
    const { html, text } = renderDigestEmail(input);
    expect(html).toContain('<img src="cid:nps-trend@palaute"');
    expect(html).toMatch(/alt="NPS, the last 3 weeks[^"]*week of 2026-11-16: 12 \(400 answers\)"/);
    expect(text).toContain('  week of 2026-11-09: 30 (380 answers)');
  });

  it('leaves the picture out when no week has a score', () => {
    const empty = { ...input, trend: input.trend.map((w) => ({ ...w, score: null, low: null, high: null, n: 0 })) };
    expect(renderDigestEmail(empty).html).not.toContain('cid:');
  });
});
