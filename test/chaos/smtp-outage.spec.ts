import { supportSurvey, ticketClosed } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const OUTAGE_MS = 30_000;
const BEFORE = 60;
const DURING = 100;

/**
 * The SMTP server goes down for 30 s in the middle of a batch while events keep arriving, then
 * comes back on the same port. The service is not restarted: email must resume by itself within
 * 30 s of the server's return, and every email must arrive once.
 */
describe('chaos: the SMTP server down for 30 s under load', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ SMTP_URL: sink.url, SEND_CONCURRENCY: '20' });
  });

  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('resumes within 30 s of the server returning, and delivers every email once', async () => {
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Outage', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    const post = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 20) {
        const posts = Array.from({ length: Math.min(20, from + count - i) }, (_, j) =>
          t.api('POST', '/v1/events', { key, body: ticketClosed(`out-${i + j}`) }),
        );
        for (const res of await Promise.all(posts)) expect(res.status).toBe(202);
      }
    };

    // Under way: the server goes down once part of the first events' emails are out.
    await post(0, BEFORE);
    await sink.waitForCount(10, 30000);
    const downAt = Date.now();
    await sink.stop();
    const deliveredBeforeOutage = sink.received.length;

    // New events keep coming while it is down; their emails must not be lost either.
    await post(BEFORE, DURING);
    const [{ open }] = await t.db.query(
      `SELECT count(*)::int AS open FROM invitations WHERE status IN ('scheduled', 'sending')`,
    );
    expect(open).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + OUTAGE_MS - Date.now())));
    const stillOpen = await t.db.query(
      `SELECT status, count(*)::int AS n FROM invitations WHERE status NOT IN ('sent') GROUP BY status`,
    );
    // Nothing gave up during the outage: what was not sent waits to be.
    expect(stillOpen.every((r) => ['scheduled', 'sending'].includes(r.status))).toBe(true);

    const backAt = Date.now();
    await sink.start(sink.port);
    const firstBack = await eventually(async () => sink.received.find((m) => m.at >= backAt), 30000);
    const resumedAfterMs = firstBack.at - backAt;
    await sink.waitForCount(BEFORE + DURING, 60000);
    const allBackAfterMs = Date.now() - backAt;
    await eventually(async () => {
      const [{ sent }] = await t.db.query(`SELECT count(*)::int AS sent FROM invitations WHERE status = 'sent'`);
      return sent === BEFORE + DURING;
    }, 30000);
    console.info(
      `smtp-outage: ${deliveredBeforeOutage} delivered before the ${OUTAGE_MS / 1000} s outage; first email ` +
        `${resumedAfterMs} ms after the server returned, all ${BEFORE + DURING} after ${allBackAfterMs} ms`,
    );

    expect(resumedAfterMs).toBeLessThan(30_000);
    const recipients = sink.received.map((m) => m.envelopeTo[0]);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toHaveLength(BEFORE + DURING);
    const states = await t.db.query(
      `SELECT status, delivery_status, count(*)::int AS n FROM invitations GROUP BY status, delivery_status`,
    );
    expect(states).toEqual([{ status: 'sent', delivery_status: null, n: BEFORE + DURING }]);
  }, 180000);
});
