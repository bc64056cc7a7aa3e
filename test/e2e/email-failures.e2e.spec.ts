import { supportSurvey, ticketClosed } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/** What the SMTP server says decides: a transient refusal is retried, a permanent one is final. */
describe('email delivery failures', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ SMTP_URL: sink.url });
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Failures', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
  });

  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  const statusOf = async (externalId: string) => {
    const [row] = await t.db.query(
      `SELECT i.status, i.status_reason, i.attempts FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE c.external_id = $1`,
      [externalId],
    );
    return row;
  };

  it('retries a 451 and then delivers exactly once', async () => {
    sink.reject('customer451@example.com', 451, 1);
    await t.api('POST', '/v1/events', { key, body: ticketClosed('451') });
    const row = await eventually(
      async () => ((await statusOf('cust-451'))?.status === 'sent' ? statusOf('cust-451') : null),
      15000,
    );
    expect(row.attempts).toBe(2);
    expect(sink.received.filter((m) => m.envelopeTo[0] === 'customer451@example.com')).toHaveLength(1);
  });

  it('marks a 550 as failed with the reason and does not retry', async () => {
    sink.reject('customer550@example.com', 550, 5);
    await t.api('POST', '/v1/events', { key, body: ticketClosed('550') });
    const row = await eventually(async () =>
      (await statusOf('cust-550'))?.status === 'failed' ? statusOf('cust-550') : null,
    );
    expect(row.status_reason).toContain('550');
    expect(row.attempts).toBe(1);
    expect(sink.received.filter((m) => m.envelopeTo[0] === 'customer550@example.com')).toHaveLength(0);
  });

  it('cancels a scheduled send when the campaign is paused before it is due', async () => {
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const later = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Later',
        surveyId: survey.body.id,
        trigger: { eventType: 'order.delivered' },
        channel: 'email',
        delay: 'PT1S',
      },
    });
    await t.api('POST', `/v1/campaigns/${later.body.id}/status`, { key, body: { status: 'active' } });
    const posted = await t.api('POST', '/v1/events', { key, body: ticketClosed('pause', { type: 'order.delivered' }) });
    expect(posted.body.decisions[0].decision).toBe('scheduled');
    await t.api('POST', `/v1/campaigns/${later.body.id}/status`, { key, body: { status: 'paused' } });
    const row = await eventually(async () =>
      (await statusOf('cust-pause'))?.status === 'cancelled' ? statusOf('cust-pause') : null,
    );
    expect(row.status_reason).toBe('campaign paused');
    expect(sink.received.filter((m) => m.envelopeTo[0] === 'customerpause@example.com')).toHaveLength(0);
  });
});
