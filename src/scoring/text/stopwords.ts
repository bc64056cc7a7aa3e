import { stopwords as english } from '@orama/stopwords/english';
import { stopwords as finnish } from '@orama/stopwords/finnish';
import { stopwords as norwegian } from '@orama/stopwords/norwegian';
import { stopwords as swedish } from '@orama/stopwords/swedish';

import type { TextLanguage } from './text-language';

/**
 * Survey additions to the Snowball lists: intensifiers and fillers that sit next to almost every
 * adjective in open answers ("really friendly", "todella ystävällinen", "väldigt trevlig") and
 * would otherwise split one theme into several. English also gets the apostrophe-less
 * contractions that SMS replies are full of.
 */
const SURVEY_STOPWORDS: Record<TextLanguage, string[]> = {
  en: ['really', 'just', 'also', 'quite', 'dont', 'didnt', 'doesnt', 'wasnt', 'isnt', 'cant', 'im', 'ive'],
  fi: ['todella', 'tosi', 'erittäin', 'ihan', 'aivan', 'kyllä', 'vain', 'myös', 'sitten', 'vielä'],
  sv: ['väldigt', 'jätte', 'ganska', 'bara', 'också', 'lite'],
  nb: ['veldig', 'ganske', 'litt', 'svært'],
};

const LISTS: Record<TextLanguage, ReadonlySet<string>> = {
  en: new Set([...english, ...SURVEY_STOPWORDS.en]),
  fi: new Set([...finnish, ...SURVEY_STOPWORDS.fi]),
  sv: new Set([...swedish, ...SURVEY_STOPWORDS.sv]),
  nb: new Set([...norwegian, ...SURVEY_STOPWORDS.nb]),
};

const NONE: ReadonlySet<string> = new Set();

/** Lowercase stop-words for a language; empty for an unsupported one (nothing is removed). */
export function stopwordsFor(language: TextLanguage | null): ReadonlySet<string> {
  return language ? LISTS[language] : NONE;
}

/** Whether a lowercased word is a stop-word in that language. */
export function isStopword(word: string, language: TextLanguage | null): boolean {
  return stopwordsFor(language).has(word);
}
