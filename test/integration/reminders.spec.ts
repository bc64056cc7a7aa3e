import { SendInvitationProcessor } from '../../src/invitations/send-invitation.processor';
import { supportSurvey } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { postForm } from './api-helpers';

/** Reminders to people who have not answered: never after any answer, never after an opt-out, on the same or the next channel. */
describe('reminders', () => {
  let t: TestApp;
  let key: string;
  let n = 0;

  async function campaign(reminders: unknown[], channels = ['email']) {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const type = `remind.${++n}`;
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: `Remind ${n}`, surveyId: s.body.id, trigger: { eventType: type }, channels, reminders },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    return type;
  }
  const sentInvitation = async (type: string, contact: Record<string, unknown>) => {
    const posted = await t.api('POST', '/v1/events', { key, body: { type, id: `rm-${++n}`, contact } });
    const id = posted.body.decisions[0].invitationId as string;
    return eventually(async () => {
      const [row] = await t.db.query(`SELECT id, token, status, step, channel FROM invitations WHERE id = $1`, [id]);
      return row.status === 'sent' ? row : null;
    });
  };
  const emails = async (id: string) =>
    (
      await t.db.query(`SELECT message_id FROM dev_outbox WHERE invitation_id = $1 AND channel = 'email' ORDER BY id`, [
        id,
      ])
    ).length;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
  });
  afterAll(() => t?.close());

  it('sends a reminder after the delay to someone who has not answered, as a new step', async () => {
    const type = await campaign([{ after: 'PT1S' }]);
    const inv = await sentInvitation(type, { externalId: 'r1', email: 'r1@example.com' });
    const reminded = await eventually(async () => {
      const [row] = await t.db.query(`SELECT status, step, status_reason FROM invitations WHERE id = $1`, [inv.id]);
      return row.step === 1 && row.status === 'sent' ? row : null;
    }, 15000);
    expect(reminded).toMatchObject({ status_reason: 'reminder 1 of 1' });
    expect(await emails(inv.id)).toBe(2);
  });

  it('is cancelled by any answer, even a partial one given a second before it was due', async () => {
    const type = await campaign([{ after: 'PT1H' }]);
    const inv = await sentInvitation(type, { externalId: 'r2', email: 'r2@example.com' });
    // A partial answer: the score only.
    expect((await postForm(t, inv.token, { _shown: 'q1', q1: '4' })).status).toBe(200);
    expect(await t.app.get(SendInvitationProcessor).remind(inv.id, 1)).toBe('not-needed');
    expect((await t.db.query(`SELECT step, status FROM invitations WHERE id = $1`, [inv.id]))[0]).toEqual({
      step: 0,
      status: 'sent',
    });
    expect(await emails(inv.id)).toBe(1);
  });

  it('never goes to someone who opted out in between', async () => {
    const type = await campaign([{ after: 'PT1H' }]);
    const inv = await sentInvitation(type, { externalId: 'r3', email: 'r3@example.com' });
    const [contact] = await t.db.query(`SELECT contact_id FROM invitations WHERE id = $1`, [inv.id]);
    await t.api('PUT', `/v1/contacts/${contact.contact_id}/opt-outs`, { key, body: { email: true } });
    expect(await t.app.get(SendInvitationProcessor).remind(inv.id, 1)).toBe('reminded');
    const row = await eventually(async () => {
      const [r] = await t.db.query(`SELECT status, status_reason FROM invitations WHERE id = $1`, [inv.id]);
      return r.status === 'cancelled' ? r : null;
    });
    expect(row.status_reason).toBe('contact unsubscribed from email');
    expect(await emails(inv.id)).toBe(1);
  });

  it('can remind on the next channel, and a repeated reminder job changes nothing', async () => {
    const type = await campaign([{ after: 'PT1H', channel: 'next' }], ['sms', 'email']);
    const inv = await sentInvitation(type, { externalId: 'r4', email: 'r4@example.com', phone: '+358401239876' });
    expect(inv.channel).toBe('sms');
    const processor = t.app.get(SendInvitationProcessor);
    expect(await processor.remind(inv.id, 1)).toBe('reminded');
    expect(await processor.remind(inv.id, 1)).toBe('not-needed');
    const row = await eventually(async () => {
      const [r] = await t.db.query(`SELECT status, step, channel, status_reason FROM invitations WHERE id = $1`, [
        inv.id,
      ]);
      return r.status === 'sent' && r.step === 1 ? r : null;
    });
    expect(row).toMatchObject({ channel: 'email', status_reason: 'reminder 1 of 1, by email' });
    expect(await emails(inv.id)).toBe(1);
  });
});
