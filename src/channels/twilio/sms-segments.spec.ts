import { gsm7Safe, smsEncoding, smsSegments } from './sms-segments';

const FINNISH_NPS = 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi? Vastaa 0–10.';
const EMOJI = '😀'; // one code point, two UTF-16 code units

describe('smsSegments', () => {
  it.each([
    ['empty body', '', 'GSM-7', 0, 1, 160],
    ['160 a', 'a'.repeat(160), 'GSM-7', 160, 1, 160],
    ['161 a', 'a'.repeat(161), 'GSM-7', 161, 2, 153],
    ['306 a', 'a'.repeat(306), 'GSM-7', 306, 2, 153],
    ['307 a', 'a'.repeat(307), 'GSM-7', 307, 3, 153],
    ['Finnish with ä Ä', 'Hyvä palvelu, kiitos! Äänestä 0-10.', 'GSM-7', 35, 1, 160],
    ['Swedish/Norwegian æøå', 'Hur nöjd är du? Blåbærsyltetøy på skjærgården, ÆØÅ!', 'GSM-7', 51, 1, 160],
    ['70 ö (basic set)', 'ö'.repeat(70), 'GSM-7', 70, 1, 160],
    ['80 € = 160 septets', '€'.repeat(80), 'GSM-7', 160, 1, 160],
    // 76 € fill 152 septets; the 77th would straddle, so 81 € = 76 + 5.
    ['81 €', '€'.repeat(81), 'GSM-7', 162, 2, 153],
    // 306 septets would fit 2 × 153 by division, but 76 € per segment means 3.
    ['153 €', '€'.repeat(153), 'GSM-7', 306, 3, 153],
    ['€ straddling a boundary', 'a'.repeat(152) + '€' + 'a'.repeat(152), 'GSM-7', 306, 3, 153],
    ['CR LF and form feed', 'a\r\nb\f', 'GSM-7', 6, 1, 160],
    ['70 š', 'š'.repeat(70), 'UCS-2', 70, 1, 70],
    ['71 š', 'š'.repeat(71), 'UCS-2', 71, 2, 67],
    ['Finnish with en dash', FINNISH_NPS, 'UCS-2', FINNISH_NPS.length, 1, 70],
    ['curly quotes', '“Kiitos”', 'UCS-2', 8, 1, 70],
    ['35 emoji = 70 units', EMOJI.repeat(35), 'UCS-2', 70, 1, 70],
    // 33 emoji (66 units) per segment; the 34th would split a surrogate pair.
    ['36 emoji', EMOJI.repeat(36), 'UCS-2', 72, 2, 67],
    ['67 emoji', EMOJI.repeat(67), 'UCS-2', 134, 3, 67],
    ['emoji straddling a boundary', 'x'.repeat(66) + EMOJI + 'x'.repeat(66), 'UCS-2', 134, 3, 67],
    ['emoji just before a boundary', 'x'.repeat(65) + EMOJI + 'x'.repeat(67), 'UCS-2', 134, 2, 67],
  ])('%s', (_name, text, encoding, units, segments, perSegment) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments, perSegment });
  });
});

describe('smsEncoding', () => {
  it.each([
    ['@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà', 'GSM-7'],
    ['^{}\\[~]|€', 'GSM-7'],
    ['ž', 'UCS-2'],
    ['’', 'UCS-2'],
    ['–', 'UCS-2'],
    ['ç', 'UCS-2'], // only capital Ç is in the basic set
    [EMOJI, 'UCS-2'],
  ])('%j is %s', (text, encoding) => {
    expect(smsEncoding(text)).toBe(encoding);
  });
});

describe('gsm7Safe', () => {
  it('brings the Finnish NPS question back to GSM-7', () => {
    const safe = gsm7Safe(FINNISH_NPS);
    expect(safe).toBe('Kuinka todennäköisesti suosittelisit Acmea ystävällesi? Vastaa 0-10.');
    expect(smsSegments(safe)).toMatchObject({ encoding: 'GSM-7', segments: 1, perSegment: 160 });
  });

  it('replaces each typographic character', () => {
    expect(gsm7Safe('‘a’ “b” c–d—e…\u00A0f')).toBe(`'a' "b" c-d-e... f`);
  });

  it('leaves characters it has no stand-in for', () => {
    expect(gsm7Safe('Šárka 😀')).toBe('Šárka 😀');
  });
});
