import { renderSignInEmail } from './sign-in-email.template';

const link = (workspaceName: string, token: string) => ({
  workspaceName,
  url: `https://cx.acme.fi/auth/callback?token=${token}`,
});

describe('renderSignInEmail', () => {
  it('carries one link per workspace and says how long it works', () => {
    const mail = renderSignInEmail({
      to: 'anna@acme.fi',
      locale: null,
      purpose: 'sign-in',
      links: [link('Acme', 'a'.repeat(43)), link('Acme <Labs>', 'b'.repeat(43))],
      validForMs: 15 * 60_000,
      messageId: '<x@palaute>',
    });
    expect(mail.subject).toBe('Your sign-in link – Palaute');
    expect(mail.text).toContain('It works once, for 15 minutes.');
    expect(mail.text).toContain(`https://cx.acme.fi/auth/callback?token=${'a'.repeat(43)}`);
    expect(mail.html).toContain(`href="https://cx.acme.fi/auth/callback?token=${'b'.repeat(43)}"`);
    expect(mail.html).toContain('Sign in: Acme &lt;Labs&gt;');
    expect(mail.html).not.toContain('<Labs>');
  });

  it('invites in the invitee’s language', () => {
    const mail = renderSignInEmail({
      to: 'anna@acme.fi',
      locale: 'fi-FI',
      purpose: 'invite',
      links: [link('Acme', 'c'.repeat(43))],
      validForMs: 72 * 3_600_000,
      messageId: '<y@palaute>',
    });
    expect(mail.locale).toBe('fi');
    expect(mail.subject).toBe('Kutsu työtilaan Acme – Palaute');
    expect(mail.text).toContain('72 tunnin ajan');
    expect(mail.html).toContain('<html lang="fi">');
  });
});
