import { hasSentimentLexicon, sentimentOf } from './sentiment';
import type { TextLanguage } from './text-language';

describe('sentimentOf (English, AFINN-165)', () => {
  it.each([
    ['Friendly staff', 'positive'],
    ['Excellent support, very helpful', 'positive'],
    ['Great, thanks!', 'positive'],
    ['Love it 😍', 'positive'],
    ['Terrible service, rude staff', 'negative'],
    ['Awful experience, I will never come back', 'negative'],
    ['The staff were not helpful', 'negative'],
    ["The agent didn't help at all", 'negative'],
    ['The agent didn’t help at all', 'negative'],
    ['It was not good', 'negative'],
    ['I called on Tuesday', 'neutral'],
  ])('%p → %s', (text, label) => {
    const result = sentimentOf(text, 'en');
    expect(result?.label).toBe(label);
    if (label === 'positive') expect(result?.score).toBeGreaterThan(0);
    if (label === 'negative') expect(result?.score).toBeLessThan(0);
  });

  it('misses complaints with no opinion words, a known limit of lexicons', () => {
    expect(sentimentOf('The queue was too long', 'en')?.label).toBe('neutral');
  });

  it('stays within −1…1 however long the rant', () => {
    const rant = 'terrible awful horrible disgusting '.repeat(50);
    const praise = 'excellent amazing wonderful superb '.repeat(50);
    expect(sentimentOf(rant, 'en')?.score).toBeGreaterThanOrEqual(-1);
    expect(sentimentOf(rant, 'en')?.score).toBeLessThan(-0.99);
    expect(sentimentOf(praise, 'en')?.score).toBeLessThanOrEqual(1);
  });

  it('names the words it counted', () => {
    expect(sentimentOf('Terrible service, rude staff', 'en')).toMatchObject({
      negative: expect.arrayContaining(['terrible', 'rude']),
      positive: [],
    });
  });

  it('scores an empty answer as neutral zero', () => {
    expect(sentimentOf('', 'en')).toMatchObject({ score: 0, label: 'neutral' });
  });
});

describe('languages without a lexicon', () => {
  it.each<[TextLanguage | null, string]>([
    ['fi', 'Asiakaspalvelu oli ystävällinen'],
    ['fi', 'Jonotus kesti liian kauan'],
    ['sv', 'Personalen var trevlig'],
    ['nb', 'Lang kø i telefonen'],
    [null, 'Sehr freundlich'],
  ])('%s %p → null', (language, text) => {
    expect(sentimentOf(text, language)).toBeNull();
    expect(hasSentimentLexicon(language)).toBe(false);
  });

  it('reports English as having one', () => {
    expect(hasSentimentLexicon('en')).toBe(true);
  });
});
