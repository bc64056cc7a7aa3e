import { Queue } from 'bullmq';
import IORedis from 'ioredis';

import { DISPATCH_QUEUE, sendJobId } from '../../src/queue/jobs';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp } from '../support/test-app';

/** The service with a sink, a campaign that sends at once and one that waits an hour (for cut-off rows made by hand). */
async function setUp(env: Record<string, string>) {
  const sink = await new SmtpSink().start();
  const t = await startTestApp({ SMTP_URL: sink.url, SMTP_MESSAGE_TIMEOUT_MS: '1500', ...env });
  const { apiKey: key } = await t.workspace();
  const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
  for (const [name, eventType, delay] of [
    ['Now', 'ticket.closed', undefined],
    ['Later', 'order.delivered', 'PT1H'],
  ]) {
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name, surveyId: survey.body.id, trigger: { eventType }, channel: 'email', ...(delay ? { delay } : {}) },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
  }
  const redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
  const dispatch = new Queue(DISPATCH_QUEUE, { connection: redis, prefix: t.config.queuePrefix });

  const invitationOf = async (n: string) => {
    const [row] = await t.db.query(
      `SELECT i.* FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE c.external_id = $1`,
      [`cust-${n}`],
    );
    return row;
  };

  /**
   * An invitation whose last attempt was cut off after it was claimed, before or after its
   * handover: what a worker killed mid-send leaves. Its job then runs now.
   */
  const cutOff = async (n: string, handedOver: boolean) => {
    await t.api('POST', '/v1/events', { key, body: ticketClosed(n, { type: 'order.delivered' }) });
    const { id } = await eventually(() => invitationOf(n));
    await t.db.query(
      `UPDATE invitations SET status = 'sending', attempts = 1, send_at = now(), updated_at = now() - interval '1 minute',
         handed_over_at = CASE WHEN $2 THEN now() - interval '1 minute' END WHERE id = $1`,
      [id, handedOver],
    );
    await (await dispatch.getJob(sendJobId(id, 0)))!.promote();
    return id as string;
  };

  const settled = (n: string) =>
    eventually(async () => {
      const row = await invitationOf(n);
      return row && !['scheduled', 'sending'].includes(row.status) ? row : null;
    }, 15000);

  const close = async () => {
    await dispatch.close();
    redis.disconnect();
    await t.close();
    await sink.stop();
  };
  return { sink, t, key, invitationOf, cutOff, settled, close };
}

const to = (n: string) => `customer${n}@example.com`;

describe('email handover, at most once (the default)', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp({});
  });
  afterAll(() => s?.close());

  it('records an email cut off after its handover as sent, unconfirmed, and does not send it again', async () => {
    const id = await s.cutOff('am1', true);
    const row = await s.settled('am1');
    expect(row).toMatchObject({
      status: 'sent',
      delivery_status: 'uncertain',
      provider_message_id: `<inv-${id}-0@localhost>`,
    });
    expect(row.status_reason).toMatch(/^delivery uncertain, not resent/);
    // The row is settled: no attempt can claim it again, so nothing more can reach the server.
    expect(s.sink.received.filter((m) => m.envelopeTo[0] === to('am1'))).toHaveLength(0);

    const listed = await s.t.api('GET', '/v1/invitations?delivery=uncertain', { key: s.key });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((v: { id: string }) => v.id)).toContain(id);
    const view = listed.body.data.find((v: { id: string }) => v.id === id);
    expect(view.delivery).toMatchObject({ status: 'uncertain', providerMessageId: `<inv-${id}-0@localhost>` });
    expect(view.delivery.handedOverAt).toEqual(expect.any(String));
  });

  it('sends an email cut off before its handover again, once, with its Message-ID', async () => {
    const id = await s.cutOff('am2', false);
    const row = await s.settled('am2');
    expect(row).toMatchObject({ status: 'sent', delivery_status: null });
    const mails = s.sink.received.filter((m) => m.envelopeTo[0] === to('am2'));
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.messageId).toBe(`<inv-${id}-0@localhost>`);
  });

  it('marks the handover before the final dot, and takes a dot never answered as uncertain', async () => {
    s.sink.hold();
    await s.t.api('POST', '/v1/events', { key: s.key, body: ticketClosed('am3') });
    await eventually(async () => s.sink.heldCount > 0);
    // The server has the whole message and awaits only our dot's reply: the mark is already there.
    const during = await s.invitationOf('am3');
    expect(during.status).toBe('sending');
    expect(during.handed_over_at).not.toBeNull();
    const row = await s.settled('am3');
    expect(row).toMatchObject({ status: 'sent', delivery_status: 'uncertain' });
    expect(row.status_reason).toContain('no reply to the final dot');
    // The sender gave up on that connection; this server drops a message whose client left before its 250.
    await eventually(async () => s.sink.closedSessionCount > 0);
    s.sink.release();
    expect(s.sink.received.filter((m) => m.envelopeTo[0] === to('am3'))).toHaveLength(0);
  });

  it('withdraws the mark when the server refuses the message at its dot, so the retry is not taken for uncertain', async () => {
    s.sink.reject(to('am4'), 451, 1);
    await s.t.api('POST', '/v1/events', { key: s.key, body: ticketClosed('am4') });
    const row = await s.settled('am4');
    expect(row).toMatchObject({ status: 'sent', delivery_status: null, attempts: 2 });
    expect(s.sink.received.filter((m) => m.envelopeTo[0] === to('am4'))).toHaveLength(1);
  });

  it('pages the list and refuses what it does not know', async () => {
    const first = await s.t.api('GET', '/v1/invitations?limit=1', { key: s.key });
    expect(first.body.data).toHaveLength(1);
    const second = await s.t.api('GET', `/v1/invitations?limit=1&cursor=${first.body.nextCursor}`, { key: s.key });
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    const sent = await s.t.api('GET', '/v1/invitations?status=sent&limit=500', { key: s.key });
    expect(sent.body.data.every((v: { status: string }) => v.status === 'sent')).toBe(true);
    expect((await s.t.api('GET', '/v1/invitations?cursor=nope', { key: s.key })).status).toBe(400);
    expect((await s.t.api('GET', '/v1/invitations?status=lost', { key: s.key })).status).toBe(400);
    expect((await s.t.api('GET', '/v1/invitations?colour=red', { key: s.key })).status).toBe(400);
  });
});

describe('email handover, at least once', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp({ EMAIL_UNCERTAIN_DELIVERY: 'at-least-once' });
  });
  afterAll(() => s?.close());

  it('sends an email cut off after its handover again, with the same Message-ID, and lists it as resent', async () => {
    const id = await s.cutOff('al1', true);
    const row = await s.settled('al1');
    expect(row).toMatchObject({ status: 'sent', delivery_status: 'resent' });
    const mails = s.sink.received.filter((m) => m.envelopeTo[0] === to('al1'));
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.messageId).toBe(`<inv-${id}-0@localhost>`);
    const listed = await s.t.api('GET', '/v1/invitations?delivery=resent', { key: s.key });
    expect(listed.body.data.map((v: { id: string }) => v.id)).toEqual([id]);
  });
});
