import { normalizeText, tokenize, tokenizeClauses } from './tokenize';

describe('tokenize', () => {
  it.each([
    ['Jonotus kesti liian kauan', ['jonotus', 'kesti', 'liian', 'kauan']],
    ['Kön var lång', ['kön', 'var', 'lång']],
    ['Lang kø i telefonen', ['lang', 'kø', 'telefonen']],
    ['Sørget for at ærlig svar', ['sørget', 'for', 'at', 'ærlig', 'svar']],
    ['ÄÄNESTYS ÖISIN', ['äänestys', 'öisin']],
    ['The queue was too long!!!', ['the', 'queue', 'was', 'too', 'long']],
    ['Waited 45 minutes, 2x too long', ['waited', 'minutes', 'too', 'long']],
    ['4G coverage was bad', ['coverage', 'was', 'bad']],
    ['See https://example.com/help?q=1 or www.example.org now', ['see', 'or', 'now']],
    ['Mail me at anna.k@example.fi please', ['mail', 'me', 'at', 'please']],
    ['I don’t know', ["don't", 'know']],
    ["The staff's attitude", ['the', 'staff', 'attitude']],
    ['wifi-yhteys ei toiminut', ['wifi', 'yhteys', 'ei', 'toiminut']],
    ['   ', []],
  ])('%p → %p', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('treats a decomposed ö like a composed one', () => {
    expect(tokenize('Ko\u0308n')).toEqual(['kön']);
  });

  it('splits clauses at sentence and list punctuation', () => {
    const clauses = tokenizeClauses('Great staff. Parking was awful, and slow; fine');
    expect(clauses.map((c) => c.map((t) => t.word))).toEqual([
      ['great', 'staff'],
      ['parking', 'was', 'awful'],
      ['and', 'slow'],
      ['fine'],
    ]);
  });

  it('gives offsets into the normalised text', () => {
    const text = 'Kön VAR lång';
    const [clause] = tokenizeClauses(text);
    expect(clause.map((t) => normalizeText(text).slice(t.start, t.end))).toEqual(['kön', 'var', 'lång']);
  });
});
