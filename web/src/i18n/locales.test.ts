import { describe, expect, it } from 'vitest';

import { chooseLocale } from './locales';

describe('chooseLocale', () => {
  it('takes the person’s choice first', () => expect(chooseLocale('fi', ['sv-SE'])).toBe('fi'));
  it('then the browser’s languages in order', () => expect(chooseLocale(null, ['de-DE', 'sv-FI', 'fi'])).toBe('sv'));
  it('reads Norwegian tags as bokmål', () => expect(chooseLocale(undefined, ['nn-NO'])).toBe('nb'));
  it('ignores a choice it cannot show', () => expect(chooseLocale('de', ['fi-FI'])).toBe('fi'));
  it('falls back to English', () => expect(chooseLocale(null, ['ja'])).toBe('en'));
});
