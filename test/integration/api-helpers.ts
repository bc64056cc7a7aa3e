import { eventually, TestApp } from '../support/test-app';

type ApiResult = Awaited<ReturnType<TestApp['api']>>;

/** Asserts an RFC 9457 problem with this status and, when given, field errors naming (at least) these paths. */
export function expectProblem(res: ApiResult, status: number, paths?: string[]): void {
  expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({
    status,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  if (paths) {
    expect(res.body.errors).toEqual(
      expect.arrayContaining(paths.map((path) => expect.objectContaining({ path, message: expect.any(String) }))),
    );
  }
}

/** Submits the survey page as a browser form does. */
export async function postForm(
  t: TestApp,
  token: string,
  fields: Record<string, string>,
): Promise<{ status: number; html: string }> {
  const res = await fetch(`${t.baseUrl}/s/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text() };
}

/** Waits until `count` invitations have gone out (dev outbox row written and status `sent`). */
export async function waitForSent(
  t: TestApp,
  count: number,
  timeoutMs = 15000,
): Promise<Array<{ token: string; external_id: string; survey_version_id: string }>> {
  return eventually(async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM dev_outbox`);
    if (n < count) return null;
    const rows = await t.db.query(
      `SELECT i.token, i.survey_version_id, c.external_id FROM invitations i JOIN contacts c ON c.id = i.contact_id
       WHERE i.status = 'sent' ORDER BY c.external_id`,
    );
    return rows.length >= count ? rows : null;
  }, timeoutMs);
}

/** A campaign on `surveyId`, active, sending at once by email. */
export async function activeCampaign(
  t: TestApp,
  key: string,
  surveyId: string,
  eventType = 'ticket.closed',
): Promise<string> {
  const created = await t.api('POST', '/v1/campaigns', {
    key,
    body: { name: `On ${eventType}`, surveyId, trigger: { eventType }, channel: 'email', delay: 'PT0S' },
  });
  expect(created.status).toBe(201);
  const activated = await t.api('POST', `/v1/campaigns/${created.body.id}/status`, { key, body: { status: 'active' } });
  expect(activated.body.status).toBe('active');
  return created.body.id;
}

/**
 * Marks an invitation as sent, as the send processor would (these suites run the API role only,
 * so nothing sends by itself); `sender` is the number an SMS or call came from.
 */
export async function markSent(db: TestApp['db'], invitationId: string, sender: string | null = null): Promise<string> {
  const [row] = await db.query(
    `UPDATE invitations SET status = 'sent', sent_at = now(), attempts = 1, sender = $2 WHERE id = $1 RETURNING token`,
    [invitationId, sender],
  );
  return row.token;
}
