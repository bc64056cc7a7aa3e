import { stem } from './stem';
import { familyKey } from './stem-families';
import type { TextLanguage } from './text-language';

const stems = (words: string[], language: TextLanguage) => new Set(words.map((w) => stem(w, language)));

describe('stem', () => {
  it.each<[TextLanguage, string[]]>([
    // The issue's own example: noun, verb and locative of "queue" meet.
    ['fi', ['jonotus', 'jonottaa', 'jonossa']],
    [
      'fi',
      [
        'jono',
        'jonoon',
        'jonot',
        'jonotusta',
        'jonotuksen',
        'jonottamaan',
        'jonotin',
        'jonottaminen',
        'jonotettiin',
        'jonotusaika',
      ],
    ],
    ['fi', ['odottaa', 'odotus', 'odotin', 'odottamaan', 'odotettiin', 'odotusaika']],
    ['fi', ['palvelu', 'palvelun', 'palvelussa', 'palvella', 'palveli']],
    ['fi', ['toimitus', 'toimituksen', 'toimittaa', 'toimitettiin']],
    ['fi', ['maksu', 'maksaa', 'maksoin', 'maksettiin']],
    ['fi', ['soitto', 'soittaa', 'soitin', 'soittamaan', 'soiton']],
    ['fi', ['hinta', 'hinnat', 'hintaa', 'hintoja', 'hinnoittelu']],
    ['fi', ['asiakaspalvelu', 'asiakaspalvelun', 'asiakaspalvelussa']],
    ['sv', ['kö', 'kön', 'köer', 'köerna', 'köade']],
    ['sv', ['lång', 'långa', 'långt']],
    ['sv', ['personal', 'personalen']],
    ['nb', ['kø', 'køen', 'køer', 'køene']],
    ['nb', ['telefon', 'telefonen']],
    ['nb', ['vente', 'ventet']],
    ['en', ['queue', 'queues', 'queued', 'queuing']],
    ['en', ['wait', 'waited', 'waiting']],
  ])('%s: %p share one stem', (language, words) => {
    expect(stems(words, language).size).toBe(1);
  });

  it.each<[TextLanguage, string, string]>([
    // Kept apart on purpose: toimia "to work" is not toimittaa "to deliver"; toimisto is an office.
    ['fi', 'toimii', 'toimitus'],
    ['fi', 'toimisto', 'toimitus'],
    ['fi', 'jono', 'odotus'],
    ['sv', 'kön', 'köpa'],
    ['sv', 'kö', 'kök'],
    ['nb', 'kø', 'kjøpe'],
    ['en', 'queue', 'quiet'],
  ])('%s: %p and %p stay apart', (language, a, b) => {
    expect(stem(a, language)).not.toBe(stem(b, language));
  });

  it('leaves words of an unsupported language as they are', () => {
    expect(stem('warteschlange', null)).toBe('warteschlange');
  });

  it('prefers the longest matching family prefix', () => {
    const families = [
      { key: 'short', prefixes: ['ab'] },
      { key: 'long', prefixes: ['abc'] },
    ];
    expect(familyKey('abcd', families)).toBe('long');
    expect(familyKey('abx', families)).toBe('short');
    expect(familyKey('xyz', families)).toBe('xyz');
  });
});
