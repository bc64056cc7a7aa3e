import { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { PNG } from 'pngjs';

import { DigestService } from '../../src/alerts/digest/digest.service';
import { ResponseFollowUpService } from '../../src/alerts/response-follow-up.service';
import { createApp } from '../../src/bootstrap';
import { ManualClock } from '../../src/common/clock';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey } from '../support/fixtures';
import { seedResponse } from '../support/seed-responses';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The weekly digest over real SMTP, with two service instances on one database racing to send it,
 * and alerts from partial responses (a hang-up after the score) once they have gone quiet.
 */
describe('weekly digest', () => {
  // Monday 24 Nov 2025 09:30 in Helsinki: the digest for 17–23 Nov is due.
  const clock = new ManualClock(new Date('2025-11-24T07:30:00Z'));
  const smtp = new SmtpSink();
  let t: TestApp;
  let second: INestApplication;
  let key: string;
  let workspaceId: string;
  let target: { workspaceId: string; campaignId: string; versionId: string };

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ SMTP_URL: smtp.url }, clock);
    await t.app.get(QueueService).stopPeriodic('alerts.follow-up'); // no background runs: each test ticks it
    // A second instance of the service on the same database: the other worker.
    second = await createApp({ ...t.config, role: 'api' }, pino({ level: 'silent' }), clock);
    ({ apiKey: key, workspaceId } = await t.workspace('Acme Oy'));
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Support', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    const [v] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [survey.body.id]);
    target = { workspaceId, campaignId: campaign.body.id, versionId: v.id };
    const seed = (at: string, nps: number, why?: string) => seedResponse(t, target, { team: 'billing', nps, why, at });
    for (let i = 0; i < 40; i++) {
      // Last week (10–16 Nov): mostly promoters. This week (17–23 Nov): mostly detractors on queue times.
      await seed(`2025-11-${12 + (i % 4)}T10:00:00Z`, i < 32 ? 10 : 5);
      await seed(
        `2025-11-${18 + (i % 4)}T10:00:00Z`,
        i < 28 ? 3 : 9,
        i < 28
          ? i % 2
            ? 'The queue time was far too long'
            : 'Long queue time again, nobody answered'
          : 'Quick and friendly help',
      );
    }
    await t.db.query(`UPDATE response_followups SET done_at = now()`); // the seeded history is not this test's alerts
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await t?.close();
    await smtp.stop();
  });

  it('is sent once per workspace and week with two workers, with scores beside last week, significance, detractor themes and open alerts', async () => {
    const none = await t.app.get(DigestService).sendDue();
    expect(none).toBe(0); // nobody opted in yet
    await t.api('PATCH', '/v1/settings/alerts', {
      key,
      body: { digestRecipients: ['lead@acme.fi', 'boss@acme.fi'], timezone: 'Europe/Helsinki' },
    });

    const sent = await Promise.all([
      t.app.get(DigestService).sendDue(),
      second.get(DigestService).sendDue(),
      t.app.get(DigestService).sendDue(),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    clock.advance(3 * 3600_000);
    expect(await second.get(DigestService).sendDue()).toBe(0);

    const mails = await smtp.waitForCount(1);
    expect(smtp.received).toHaveLength(1);
    expect(mails[0].envelopeTo.sort()).toEqual(['boss@acme.fi', 'lead@acme.fi']);
    const text = mails[0].parsed.text!;
    expect(mails[0].parsed.subject).toBe('Acme Oy: customer feedback 2025-11-17 – 2025-11-23');
    expect(text).toMatch(
      /NPS: This week -40 \(40 answers\) · Last week 60 \(40 answers\) · Change −100 \(a real change \(p < 0\.05\)\)/,
    );
    expect(text).toContain('queue time');
    expect(text).toMatch(/under 1 day: 0/);
    // The trend: the last two of eight weeks have answers, and the picture travels as an inline PNG part
    // (parsed by mailparser and decoded by pngjs, neither of them ours).
    expect(text).toContain('week of 2025-11-10: 60 (40 answers)');
    expect(text).toContain('week of 2025-11-17: -40 (40 answers)');
    expect(text).toContain('week of 2025-10-27: – (0 answers)');
    const picture = mails[0].parsed.attachments.find((a) => a.cid === 'nps-trend@palaute');
    expect(picture).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline' });
    // mailparser resolves the HTML's cid: reference to that part: the picture is where the HTML shows it.
    expect(mails[0].parsed.html).toMatch(
      /<img src="data:image\/png;base64,[^"]+" width="560" height="150" alt="NPS, the last 8 weeks/,
    );
    expect(PNG.sync.read(picture!.content)).toMatchObject({ width: 560, height: 150 });

    const preview = await t.api('GET', '/v1/digest/preview?at=2025-11-24T07:30:00Z', { key });
    expect(preview.body).toMatchObject({ weekStart: '2025-11-17', recipients: ['lead@acme.fi', 'boss@acme.fi'] });
    expect(preview.body.data.scores[0]).toMatchObject({
      metric: 'nps',
      thisWeek: -40,
      lastWeek: 60,
      difference: -100,
      significant: true,
    });
  });

  it('raises an alert for a partial response once it has been quiet for an hour', async () => {
    const now = new Date();
    clock.set(now);
    const seeded = await seedResponse(t, target, { team: 'billing', nps: 1, at: now.toISOString() });
    const followUps = t.app.get(ResponseFollowUpService);
    await followUps.drain();
    expect(await t.db.query(`SELECT 1 FROM alerts WHERE response_id = $1`, [seeded.responseId])).toHaveLength(0);
    clock.advance(61 * 60_000);
    await followUps.drain();
    const [alert] = await t.db.query(`SELECT status, reasons FROM alerts WHERE response_id = $1`, [seeded.responseId]);
    expect(alert).toEqual({ status: 'open', reasons: ['NPS 1 (0–6)'] });
  });
});
