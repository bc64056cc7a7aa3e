import { applyCorrections, themeKeyOf } from './theme-corrections';
import { documentThemes, rankThemes } from './themes';

describe('themeKeyOf', () => {
  it('keys typed words as the analysis keys what customers wrote', () => {
    const typed = themeKeyOf('Long queues', 'en');
    const found = documentThemes({ text: 'The queue was too long.', language: 'en' });
    expect(typed).toMatchObject({ ok: true, label: 'long queues' });
    expect(typed.ok && found.has(typed.key)).toBe(true);
  });

  it('joins Finnish inflections under one stem', () => {
    const typed = themeKeyOf('jonotus', 'fi');
    const found = documentThemes({ text: 'Jouduin jonottamaan puoli tuntia', language: 'fi' });
    expect(typed.ok && found.has(typed.key)).toBe(true);
  });

  it('refuses words no theme can be made of, and phrases longer than three words', () => {
    expect(themeKeyOf('the and of', 'en')).toMatchObject({ ok: false });
    expect(themeKeyOf('123 https://x.fi', 'en')).toMatchObject({ ok: false });
    expect(themeKeyOf('slow rude unhelpful agent', 'en')).toMatchObject({
      ok: false,
      message: expect.stringContaining('3'),
    });
  });
});

describe('applyCorrections', () => {
  const found = new Map([
    ['queu', 'queue'],
    ['long', 'long'],
    ['long queu', 'queue was far too long'],
  ]);

  it('takes removals off and puts additions on, keeping the response’s own wording', () => {
    const out = applyCorrections(found, [
      { key: 'long', action: 'remove', label: 'long' },
      { key: 'wait', action: 'add', label: 'waiting' },
      { key: 'queu', action: 'add', label: 'queues' },
    ]);
    expect([...out]).toEqual([
      ['queu', 'queue'],
      ['long queu', 'queue was far too long'],
      ['wait', 'waiting'],
    ]);
    expect(found.size).toBe(3);
  });

  it('changes what a ranking counts from then on', () => {
    const docs = [
      { language: 'en' as const, themes: found },
      { language: 'en' as const, themes: applyCorrections(found, [{ key: 'long', action: 'remove', label: 'long' }]) },
    ];
    const long = rankThemes(docs, 1).find((t) => t.key === 'long');
    expect(long?.documents).toBe(1);
  });
});
