import { renderAlertEmail } from './alert-email.template';

const base = {
  campaignName: 'Support <follow-up>',
  contact: { externalId: 'crm-1', name: 'Matti Meikäläinen', email: 'matti@example.fi', phone: '+358401234567' },
  context: { team: 'Billing', agent: 'Aino', touchpoint: 'ticket.closed' },
  matches: [
    {
      kind: 'score' as const,
      questionId: 'q1',
      type: 'nps' as const,
      value: 3,
      range: { min: 0, max: 6 },
      perQuestion: false,
      reason: 'NPS 3 (0–6)',
    },
    { kind: 'keyword' as const, keyword: 'lopetan', questionIds: ['q1'], reason: 'comment mentions "lopetan"' },
  ],
  comment: 'Jonotin tunnin.\nLopetan <b>tilauksen</b>.',
  link: 'https://palaute.example/alerts/1',
};

describe('renderAlertEmail', () => {
  it('writes the subject in the staff language with the localized reasons', () => {
    expect(renderAlertEmail({ ...base, locale: 'fi' }).subject).toBe(
      'Tyytymätön asiakas: NPS 3, kommentissa mainitaan "lopetan" – Support <follow-up>',
    );
    expect(renderAlertEmail({ ...base, locale: 'sv' }).subject).toMatch(
      /^Missnöjd kund: NPS 3, kommentaren nämner "lopetan"/,
    );
    expect(renderAlertEmail({ ...base, locale: 'nb' }).subject).toMatch(/^Misfornøyd kunde:/);
    expect(renderAlertEmail({ ...base, locale: 'en' }).subject).toMatch(
      /^Unhappy customer: NPS 3, comment mentions "lopetan"/,
    );
  });

  it('carries the comment, the context, how to reach the customer and the link; HTML is escaped', () => {
    const { html, text } = renderAlertEmail({ ...base, locale: 'en' });
    expect(text).toContain('> Lopetan <b>tilauksen</b>.');
    expect(text).toContain('Customer: Matti Meikäläinen · crm-1 — +358401234567 · matti@example.fi');
    expect(text).toContain('Team: Billing');
    expect(text).toContain('Open the alert: https://palaute.example/alerts/1');
    expect(html).toContain('Lopetan &lt;b&gt;tilauksen&lt;/b&gt;.');
    expect(html).not.toContain('<b>tilauksen</b>');
    expect(html).toContain('href="https://palaute.example/alerts/1"');
  });

  it('leaves out what is unknown', () => {
    const { text } = renderAlertEmail({
      ...base,
      locale: 'en',
      comment: null,
      context: { team: null, agent: null, touchpoint: null },
      contact: { externalId: 'x', name: null, email: null, phone: null },
    });
    expect(text).not.toMatch(/Team:|Agent:|Comment/);
    expect(text).toContain('Customer: x');
  });
});
