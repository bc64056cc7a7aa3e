import { linkSentPage, pageLocale, refusedLinkPage, signInFormPage } from './sign-in-pages';

describe('pageLocale', () => {
  it("prefers the person's own locale", () => {
    expect(pageLocale('fi-FI', 'sv-SE,sv;q=0.9')).toBe('fi');
  });

  it('otherwise takes the best supported browser language by q', () => {
    expect(pageLocale(null, 'de-DE,de;q=0.9,sv;q=0.8,en;q=0.5')).toBe('sv');
    expect(pageLocale(null, 'en;q=0.2, nb-NO;q=0.9')).toBe('nb');
    expect(pageLocale(null, 'no')).toBe('nb');
    expect(pageLocale(null, 'fi;q=0, de')).toBe('en');
    expect(pageLocale(null, undefined)).toBe('en');
  });
});

describe('sign-in pages', () => {
  it('label the address field and post it to /auth/sign-in, with no script', () => {
    const html = signInFormPage('en');
    expect(html).toMatch(/<label for="email">Email<\/label>/);
    expect(html).toContain('<form method="post" action="/auth/sign-in">');
    expect(html).not.toMatch(/<script/i);
  });

  it('say why a link was refused and how to get a new one, in the language asked for', () => {
    const expired = refusedLinkPage('en', 'expired');
    expect(expired).toContain('This sign-in link has expired');
    expect(expired).toContain('href="/auth/sign-in"');
    expect(refusedLinkPage('en', 'used')).toContain('already been used');
    const fi = refusedLinkPage('fi', 'used');
    expect(fi).toContain('<html lang="fi">');
    expect(fi).toContain('Tämä kirjautumislinkki on jo käytetty');
    expect(refusedLinkPage('sv', 'expired')).toContain('Inloggningslänken har gått ut');
  });

  it('fill in how long a link works', () => {
    expect(linkSentPage('nb', 15)).toContain('i 15 minutter');
  });
});
