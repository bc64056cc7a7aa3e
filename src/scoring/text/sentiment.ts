import Sentiment from 'sentiment';
import englishLabels from 'sentiment/languages/en/labels.json';

import type { TextLanguage } from './text-language';

/** Lexicon sentiment of one answer. */
export interface SentimentScore {
  /** −1 (very negative) … 1 (very positive). */
  score: number;
  label: 'negative' | 'neutral' | 'positive';
  /** Lexicon words found, so a reader can see why. */
  positive: string[];
  negative: string[];
}

/**
 * The package's English negators stop at not/don't/can't/isn't/won't, so "didn't help" and
 * "never friendly" scored as praise; customer comments are mostly past tense.
 */
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'non',
  'hardly',
  'cant',
  "can't",
  'cannot',
  'dont',
  "don't",
  'doesnt',
  "doesn't",
  'didnt',
  "didn't",
  'isnt',
  "isn't",
  'wasnt',
  "wasn't",
  'arent',
  "aren't",
  'werent',
  "weren't",
  'wont',
  "won't",
  'wouldnt',
  "wouldn't",
  'couldnt',
  "couldn't",
  'havent',
  "haven't",
  'hasnt',
  "hasn't",
]);
const LEXICON = 'en-palaute';
const analyzer = new Sentiment();
analyzer.registerLanguage(LEXICON, {
  labels: englishLabels,
  scoringStrategy: {
    apply: (tokens, cursor, score) => (cursor > 0 && NEGATORS.has(tokens[cursor - 1]) ? -score : score),
  },
});

// VADER's normalisation (Hutto & Gilbert 2014): bounded, and unlike AFINN's "comparative"
// (score per word) it is not diluted in long answers. 15 is VADER's constant; ±0.05 its
// neutral band.
const ALPHA = 15;
const NEUTRAL_BAND = 0.05;

/**
 * Languages with a lexicon we trust. Only English: AFINN-165 (with emoji) via `sentiment`, a
 * word's score flipped after a negator ("not friendly"). The fi/sv/nb lexicons on npm are machine translations
 * without negation, so those languages get null rather than a confident-looking wrong number.
 */
export function hasSentimentLexicon(language: TextLanguage | null): language is 'en' {
  return language === 'en';
}

/** Sentiment of a text, or null when its language has no lexicon (see hasSentimentLexicon). */
export function sentimentOf(text: string, language: TextLanguage | null): SentimentScore | null {
  if (!hasSentimentLexicon(language)) return null;
  const result = analyzer.analyze(text.replace(/[’‘]/g, "'"), { language: LEXICON });
  const score = result.score / Math.sqrt(result.score * result.score + ALPHA);
  const label = score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { score, label, positive: result.positive, negative: result.negative };
}
