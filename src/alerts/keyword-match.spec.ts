import type { TextLanguage } from '../scoring/text/text-language';
import { type AlertKeyword, hasKeywordWords, mentionsKeyword } from './keyword-match';

describe('mentionsKeyword', () => {
  it.each<[TextLanguage | null, string, string | AlertKeyword, boolean]>([
    // One word: stems meet, as in the project's search.
    ['fi', 'Lopetan tilauksen heti', 'lopetan', true],
    ['fi', 'Taidan lopettaa koko sopimuksen', 'lopetan', true],
    ['fi', 'Lopetin jo viime kuussa', 'lopetan', true],
    ['fi', 'Harkitsen lopettamista', 'lopettaa', false], // "lopettamista" stems to lopettam: Snowball does not join derivations
    ['fi', 'Me lopetamme', 'lopetan', false], // lope vs lopet: a known Snowball split, add "lopetamme" as its own keyword
    ['fi', 'Olen tyytyväinen palveluun', 'lopetan', false],
    ['fi', 'Irtisanon sopimuksen', 'irtisanoa', true],
    ['en', 'I will cancel my plan', 'cancel', true],
    ['en', 'Cancelled it yesterday', 'cancel', true],
    ['en', 'Please process my cancellation', 'cancel', true],
    ['en', 'Great service', 'cancel', false],
    ['en', 'CANCEL NOW', 'Cancel', true],
    ['en', 'Up and running', 'up', false], // a stop-word alone matches nothing, as in search
    // Several words: every word required, stop-words included.
    ['sv', 'Jag kommer att säga upp mitt abonnemang', 'säga upp', true],
    ['sv', 'Nu säger jag upp avtalet', 'säga upp', true], // inverted word order, one word between
    ['sv', 'Jag vill säga tack för hjälpen', 'säga upp', false], // "säga" alone is just "say"
    ['sv', 'Vi säger det. Upp till er', 'säga upp', false], // different sentences
    ['sv', 'Jag säger att ni borde ringa upp', 'säga upp', false], // too far apart
    ['sv', 'Jag sa upp mitt avtal', 'säga upp', false], // irregular past "sa": add "sa upp" as a keyword
    ['sv', 'Jag sa upp mitt avtal', 'sa upp', true],
    ['nb', 'Jeg skal si opp abonnementet', 'si opp', true], // both words are Norwegian stop-words
    ['nb', 'Jeg vil si takk', 'si opp', false],
    ['en', 'I want to cancel my subscription', 'cancel subscription', true],
    ['en', 'Subscription renewal, cancel it', 'cancel subscription', false], // comma ends the clause
    ['en', 'Cancel the damn annual subscription', 'cancel subscription', false], // three words between
    ['en', 'I will switch to another provider', 'switch provider', true],
    ['fi', 'Vaihdan operaattoria', 'vaihdan operaattoria', true],
    ['fi', 'Operaattoria vaihdan heti', 'vaihdan operaattoria', true], // any order
    // Language of the keyword.
    ['en', 'Tell me when', { text: 'en', language: 'fi' }, false],
    ['fi', 'Lopetan', { text: 'lopetan', language: 'fi' }, true],
    ['sv', 'Lopetan', { text: 'lopetan', language: 'fi' }, false],
    [null, 'Taidan lopettaa', { text: 'lopetan', language: 'fi' }, true], // unknown language: stemmed as the keyword's
    [null, 'Taidan lopettaa', 'lopetan', false], // no language anywhere: exact words only
    [null, 'Ich werde kündigen', 'kündigen', true],
  ])('%s %p mentions %p → %p', (language, text, keyword, expected) => {
    const k = typeof keyword === 'string' ? { text: keyword } : keyword;
    expect(mentionsKeyword(text, language, k)).toBe(expected);
  });
});

describe('hasKeywordWords', () => {
  it.each<[string, boolean]>([
    ['cancel', true],
    ['säga upp', true],
    ['4g', false],
    ['x', false],
    ['  ', false],
    ['https://example.com', false],
  ])('%p → %p', (text, expected) => {
    expect(hasKeywordWords(text)).toBe(expected);
  });
});
