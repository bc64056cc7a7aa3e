import { addUser, asSession, signIn } from '../support/people';
import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

/** PATCH /v1/me: a person changes their own name and language (the console's language switch), and nothing else. */
describe('a person’s own profile', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ apiKey: key } = await t.workspace('Acme'));
    await addUser(t, key, { email: 'agent@acme.fi', role: 'agent', team: 'billing' });
  });

  afterAll(async () => t?.close());

  it('keeps the language a person picks, for the console and their emails', async () => {
    const session = await signIn(t, 'agent@acme.fi');
    const res = await asSession(t, session, 'PATCH', '/v1/me', { body: { locale: 'fi', name: 'Aino' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ locale: 'fi', name: 'Aino', role: 'agent' });
    expect((await asSession(t, session, 'GET', '/v1/me')).body.user.locale).toBe('fi');
    const back = await asSession(t, session, 'PATCH', '/v1/me', { body: { locale: null } });
    expect(back.body.user.locale).toBeNull();
  });

  it('changes nothing else: a role or team in the body is a 422 naming it, a change without the CSRF token a 403', async () => {
    const session = await signIn(t, 'agent@acme.fi');
    expectProblem(await asSession(t, session, 'PATCH', '/v1/me', { body: { role: 'owner' } }), 422);
    expectProblem(await asSession(t, session, 'PATCH', '/v1/me', { body: { locale: 'de' } }), 422, ['locale']);
    expectProblem(await asSession(t, session, 'PATCH', '/v1/me', { body: { locale: 'sv' }, csrf: false }), 403);
    expect((await asSession(t, session, 'GET', '/v1/me')).body.user).toMatchObject({ role: 'agent', team: 'billing' });
  });

  it('tells an API key it has no profile', async () =>
    expectProblem(await t.api('PATCH', '/v1/me', { key, body: { locale: 'fi' } }), 400));
});
