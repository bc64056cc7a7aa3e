import { deliveriesByRecipient, EmailBatch } from '../support/email-batch';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const KILLS = 3;

/**
 * kill -9 of a worker process in the middle of an email batch, at random points, several times,
 * against an SMTP server that keeps a message as soon as its final dot arrives and answers it
 * 150 ms later (Postfix-like, and slow): the in-flight pooled connections are then mostly inside
 * the window where the server has the message and we do not know it. Counted at the server.
 */
describe('chaos: a worker killed mid-batch while the SMTP server takes 150 ms to answer the dot', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let batch: EmailBatch;

  const start = async (workerEnv: Record<string, string>) => {
    sink = await new SmtpSink({ keepsOnDot: true, ackDelayMs: 150 }).start();
    // This process only serves the API; the sending happens in worker processes.
    t = await startTestApp({ ROLE: 'api', SMTP_URL: sink.url, QUEUE_LOCK_MS: '2000' });
    batch = new EmailBatch(t, sink, workerEnv);
  };

  /** Kills at random points, then lets a last worker finish; returns who was cut off after a handover. */
  const killRepeatedlyThenFinish = async (size: number, kills: number) => {
    const cutOff = new Set<string>();
    for (let k = 0; k < kills; k++) for (const id of await batch.killMidBatch(size)) cutOff.add(id);
    batch.startWorker();
    await batch.settled();
    return cutOff;
  };

  afterEach(async () => {
    await batch?.close();
    await t?.close();
    await sink?.stop();
  });

  it('at most once (default): 300 recipients, no duplicate, each delivered once or listed for review', async () => {
    await start({});
    const recipients = await batch.create(300, 'amo');
    const cutOff = await killRepeatedlyThenFinish(recipients.length, KILLS);

    const delivered = deliveriesByRecipient(sink);
    const review = await batch.review('uncertain');
    const inReview = new Set(review.map((r) => r.to));
    const duplicated = [...delivered].filter(([, ids]) => ids.length > 1);
    const lost = recipients.filter((to) => !delivered.has(to) && !inReview.has(to));
    const reviewedAndDelivered = review.filter((r) => delivered.has(r.to)).length;
    console.info(
      `worker-kill-smtp at-most-once: ${sink.received.length} deliveries for ${recipients.length} recipients, ` +
        `${duplicated.length} duplicated, ${lost.length} lost, ${review.length} listed for review ` +
        `(${reviewedAndDelivered} of them at the server, ${review.length - reviewedAndDelivered} not)`,
    );

    expect(duplicated).toEqual([]);
    expect(lost).toEqual([]);
    expect(new Set(sink.received.map((m) => m.parsed.messageId)).size).toBe(sink.received.length);
    // The review list is exactly the emails the kills cut off between their dot and its reply.
    expect(review.map((r) => r.id).sort()).toEqual([...cutOff].sort());
    expect(cutOff.size).toBeGreaterThan(0);
    const states = await t.db.query(`SELECT status, count(*)::int AS n FROM invitations GROUP BY status`);
    expect(states).toEqual([{ status: 'sent', n: recipients.length }]);
  }, 240000);

  it('at least once: nothing lost, and every duplicate is a listed resend with the same Message-ID', async () => {
    await start({ EMAIL_UNCERTAIN_DELIVERY: 'at-least-once' });
    const recipients = await batch.create(120, 'alo');
    const cutOff = await killRepeatedlyThenFinish(recipients.length, 2);

    const delivered = deliveriesByRecipient(sink);
    const resent = await batch.review('resent');
    const resentTo = new Set(resent.map((r) => r.to));
    const duplicated = [...delivered].filter(([, ids]) => ids.length > 1);
    console.info(
      `worker-kill-smtp at-least-once: ${sink.received.length} deliveries for ${recipients.length} recipients, ` +
        `${duplicated.length} duplicated, ${resent.length} listed as resent`,
    );

    expect(recipients.filter((to) => !delivered.has(to))).toEqual([]);
    for (const [to, ids] of duplicated) {
      expect(resentTo.has(to)).toBe(true);
      expect(new Set(ids).size).toBe(1);
    }
    expect(resent.map((r) => r.id).sort()).toEqual([...cutOff].sort());
    const states = await t.db.query(`SELECT status, count(*)::int AS n FROM invitations GROUP BY status`);
    expect(states).toEqual([{ status: 'sent', n: recipients.length }]);
  }, 240000);
});
