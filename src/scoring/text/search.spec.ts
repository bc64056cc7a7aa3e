import { indexTerms, matchesQuery, queryTerms, queryTermsByLanguage } from './search';
import type { TextLanguage } from './text-language';

describe('matchesQuery', () => {
  it.each<[TextLanguage | null, string, string, boolean]>([
    // The example: a search for jonotus finds every form of queueing.
    ['fi', 'Jonossa oli paljon ihmisiä', 'jonotus', true],
    ['fi', 'Jouduin jonottamaan puoli tuntia', 'jonotus', true],
    ['fi', 'Jonotus kesti liian kauan', 'jonottaa', true],
    ['fi', 'Pitkä jonotusaika puhelimessa', 'jono', true],
    ['fi', 'Asiakaspalvelu oli ystävällinen', 'jonotus', false],
    ['fi', 'Asiakaspalvelu oli ystävällinen', 'asiakaspalvelun', true],
    ['fi', 'Toimitus myöhästyi viikolla', 'toimittaa', true],
    ['fi', 'Sovellus ei toimi', 'toimitus', false],
    ['fi', 'Jonotus kesti liian kauan', 'jono kauan', true],
    ['fi', 'Jonotus kesti liian kauan', 'jono hinta', false],
    ['sv', 'Kön var lång', 'kö', true],
    ['sv', 'Långa köer i butiken', 'kön', true],
    ['sv', 'Jag ville köpa en biljett', 'kö', false],
    ['sv', 'Personalen var trevlig', 'personal', true],
    ['nb', 'Lang kø i telefonen', 'køen', true],
    ['nb', 'Lang kø i telefonen', 'telefon', true],
    ['nb', 'Hyggelig betjening', 'kø', false],
    ['en', 'The queue was too long', 'queuing', true],
    ['en', 'I queued for an hour', 'queue', true],
    ['en', 'Friendly staff', 'friendly', true],
    ['en', 'Friendly staff', 'staff friendly', true],
    ['en', 'Friendly staff', 'rude', false],
    ['en', 'The QUEUE was long', 'Queue', true],
    ['en', 'The queue was too long', 'the', false],
    ['en', 'The queue was too long', '', false],
    [null, 'Warteschlange zu lang', 'warteschlange', true],
    [null, 'Warteschlangen zu lang', 'warteschlange', false],
  ])('%s %p for %p → %p', (language, text, query, expected) => {
    expect(matchesQuery(text, language, query)).toBe(expected);
  });
});

describe('queryTerms', () => {
  it.each<[TextLanguage | null, string, string[]]>([
    ['fi', 'jonotus', ['jono']],
    ['fi', 'jonottaa', ['jono']],
    ['fi', 'jonossa', ['jono']],
    ['fi', 'liian pitkä jonotus', ['liian', 'pitk', 'jono']],
    ['sv', 'kön', ['kö']],
    ['nb', 'køen', ['kø']],
    ['en', 'the queues', ['queue']],
    ['en', 'the', []],
  ])('%s %p → %p', (language, query, expected) => {
    expect(queryTerms(query, language)).toEqual(expected);
  });

  it('gives each language its own terms for a query of unknown language', () => {
    expect(queryTermsByLanguage('jonotus')).toEqual({ en: ['jonotu'], fi: ['jono'], sv: ['jonotus'], nb: ['jonotus'] });
  });
});

describe('indexTerms', () => {
  it('stores the distinct stems that queryTerms looks for', () => {
    expect(indexTerms('Jonotus kesti liian kauan, jono oli pitkä', 'fi')).toEqual([
      'jono',
      'kest',
      'liian',
      'kauan',
      'pitk',
    ]);
    expect(indexTerms('Jouduin jonottamaan', 'fi')).toEqual(expect.arrayContaining(queryTerms('jonotus', 'fi')));
  });
});
