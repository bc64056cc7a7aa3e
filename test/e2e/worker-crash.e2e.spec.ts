import { deliveriesByRecipient, EmailBatch } from '../support/email-batch';
import { SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const BATCH = 200;
const KILLS = 3;

/**
 * A worker process is SIGKILLed at a random point of a batch, three times over, then a last one
 * finishes it. The SMTP server here answers at once and drops a message whose client left before
 * its 250. Claimed-but-not-handed-over emails must go out again; none may arrive twice; an email
 * cut off between its dot and the reply is listed for review (this server will not have it).
 */
describe('a worker killed while sending', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let batch: EmailBatch;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    // This process only serves the API; sending happens in the child worker processes.
    t = await startTestApp({ ROLE: 'api', SMTP_URL: sink.url, QUEUE_LOCK_MS: '2000' });
    batch = new EmailBatch(t, sink);
  });

  afterAll(async () => {
    await batch?.close();
    await t?.close();
    await sink?.stop();
  });

  it('serves every invitation exactly once across restarts', async () => {
    const recipients = await batch.create(BATCH, 'crash');
    const cutOff = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      for (const id of await batch.killMidBatch(BATCH)) cutOff.add(id);
      const [{ n: midSend }] = await t.db.query(`SELECT count(*)::int AS n FROM invitations WHERE status = 'sending'`);
      // The kill caught sends in flight, and the batch is not done.
      expect(midSend).toBeGreaterThan(0);
      expect(sink.received.length).toBeLessThan(BATCH);
    }
    batch.startWorker();
    // Every invitation settled and nothing queued: no process can send any of them again.
    await batch.settled();

    const delivered = deliveriesByRecipient(sink);
    const review = await batch.review('uncertain');
    const inReview = new Set(review.map((r) => r.to));
    console.info(
      `worker-crash: ${sink.received.length} deliveries for ${BATCH} recipients after ${KILLS} kills, ` +
        `${review.length} listed for review (${review.filter((r) => delivered.has(r.to)).length} of them at the server)`,
    );
    expect([...delivered].filter(([, ids]) => ids.length > 1)).toEqual([]);
    expect(recipients.filter((to) => !delivered.has(to) && !inReview.has(to))).toEqual([]);
    expect(review.map((r) => r.id).sort()).toEqual([...cutOff].sort());
    expect(new Set(sink.received.map((m) => m.parsed.messageId)).size).toBe(sink.received.length);
    const states = await t.db.query(`SELECT status, count(*)::int AS n FROM invitations GROUP BY status`);
    expect(states).toEqual([{ status: 'sent', n: BATCH }]);
  }, 180000);
});
