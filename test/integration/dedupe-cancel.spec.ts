import { supportSurvey } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** One survey per ticket, events that cancel pending surveys, and an admin's cancellation. */
describe('one survey per ticket, and cancellation', () => {
  let t: TestApp;
  let key: string;
  let campaignId: string;
  let n = 0;

  const closed = (ticketId: string | undefined, contact = 'dana', type = 'ticket.closed') =>
    t.api('POST', '/v1/events', {
      key,
      body: {
        type,
        id: `dc-${++n}`,
        contact: { externalId: contact, email: `${contact}@example.com` },
        properties: ticketId ? { ticketId } : {},
      },
    });
  const status = async (id: string) =>
    (await t.db.query(`SELECT status, status_reason FROM invitations WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Support CSAT',
        surveyId: s.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        delay: 'PT1H',
        dedupeBy: 'properties.ticketId',
        cancelOn: [{ eventType: 'ticket.reopened', matchOn: 'properties.ticketId' }],
      },
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({
      dedupeBy: 'properties.ticketId',
      cancelOn: [{ eventType: 'ticket.reopened', matchOn: 'properties.ticketId' }],
    });
    campaignId = c.body.id;
    await t.api('POST', `/v1/campaigns/${campaignId}/status`, { key, body: { status: 'active' } });
  });
  afterAll(() => t?.close());

  it('skips a second event for a ticket that already has a survey, also when both arrive together', async () => {
    expect((await closed('T-1')).body.decisions[0]).toMatchObject({ decision: 'scheduled' });
    expect((await closed('T-1')).body.decisions[0]).toMatchObject({
      decision: 'skipped',
      reason: 'already surveyed for this properties.ticketId',
    });
    expect((await closed('T-2')).body.decisions[0]).toMatchObject({ decision: 'scheduled' });
    const together = await Promise.all([closed('T-3', 'erik'), closed('T-3', 'erik'), closed('T-3', 'erik')]);
    expect(together.map((r) => r.body.decisions[0].decision).sort()).toEqual(['scheduled', 'skipped', 'skipped']);
  });

  it('cancels the pending survey of the same ticket when it is reopened, and only that one', async () => {
    const a = (await closed('T-10', 'frida')).body.decisions[0].invitationId;
    const b = (await closed('T-11', 'frida')).body.decisions[0].invitationId;
    const reopened = await closed('T-10', 'frida', 'ticket.reopened');
    expect(reopened.status).toBe(202);
    expect(reopened.body).toMatchObject({ decisions: [], cancelled: [{ campaignId, invitationIds: [a] }] });
    expect(await status(a)).toEqual({ status: 'cancelled', status_reason: 'cancelled by ticket.reopened' });
    expect((await status(b)).status).toBe('scheduled');
    // The repeat of that event gets the same answer, and cancels nothing more.
    const again = await t.api('POST', '/v1/events', {
      key,
      body: {
        type: 'ticket.reopened',
        id: `dc-${n}`,
        contact: { externalId: 'frida', email: 'frida@example.com' },
        properties: { ticketId: 'T-10' },
      },
    });
    expect(again.body).toEqual(reopened.body);
    // Without the ticket property nothing is cancelled (rather than every pending survey).
    expect((await closed(undefined, 'frida', 'ticket.reopened')).body.cancelled).toBeUndefined();
    expect((await status(b)).status).toBe('scheduled');
  });

  it('lets an admin cancel a pending invitation, and refuses once it is not pending', async () => {
    const id = (await closed('T-20', 'gustav')).body.decisions[0].invitationId;
    const res = await t.api('POST', `/v1/invitations/${id}/cancel`, { key });
    expect(res).toMatchObject({
      status: 200,
      body: { id, status: 'cancelled', statusReason: 'cancelled by an admin' },
    });
    const again = await t.api('POST', `/v1/invitations/${id}/cancel`, { key });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ path: 'status', message: 'Already cancelled' });
    expect((await t.api('POST', `/v1/invitations/00000000-0000-4000-8000-000000000000/cancel`, { key })).status).toBe(
      404,
    );
  });

  it('keeps every decision queryable per event, per contact and per invitation', async () => {
    const first = await closed('T-30', 'hanna');
    const repeat = await closed('T-30', 'hanna');
    const event = await t.api('GET', `/v1/events/${repeat.body.eventId}`, { key });
    expect(event.body).toMatchObject({
      type: 'ticket.closed',
      properties: { ticketId: 'T-30' },
      decisions: [{ decision: 'skipped', reason: 'already surveyed for this properties.ticketId' }],
    });
    const invitationId = first.body.decisions[0].invitationId;
    const invitation = await t.api('GET', `/v1/invitations/${invitationId}`, { key });
    expect(invitation.body).toMatchObject({
      id: invitationId,
      campaignId,
      channel: 'email',
      step: 0,
      status: 'scheduled',
    });
    const timeline = await t.api('GET', `/v1/contacts/${invitation.body.contactId}/decisions`, { key });
    expect(
      timeline.body.events.map((e: { decisions: Array<{ decision: string }> }) => e.decisions[0].decision),
    ).toEqual(['skipped', 'scheduled']);
    expect(timeline.body.invitations.map((i: { id: string }) => i.id)).toEqual([invitationId]);
    expect((await t.api('GET', `/v1/events/00000000-0000-4000-8000-000000000000`, { key })).status).toBe(404);
  });

  it('refuses a dedupe or cancel rule that does not name an event property', async () => {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const bad = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Bad',
        surveyId: s.body.id,
        trigger: { eventType: 'x' },
        dedupeBy: 'ticketId',
        cancelOn: [{ eventType: 'y', matchOn: 'contact.email' }],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['cancelOn.0.matchOn', 'dedupeBy']);
  });
});
