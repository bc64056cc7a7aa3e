import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as finnish } from '@orama/stemmers/finnish';
import { stemmer as norwegian } from '@orama/stemmers/norwegian';
import { stemmer as swedish } from '@orama/stemmers/swedish';

import { familyKey, STEM_FAMILIES } from './stem-families';
import type { TextLanguage } from './text-language';

const SNOWBALL: Record<TextLanguage, (word: string) => string> = {
  en: english,
  fi: finnish,
  sv: swedish,
  nb: norwegian,
};

/**
 * The base form used as a key for a lowercased word: the language's Snowball stem (Porter for
 * English), then joined to its word family where Snowball leaves one split (stem-families.ts).
 * A stem is a matching key, not a word to show people. For an unsupported language (null) the
 * word is returned as is, so its texts still group and search by exact word.
 */
export function stem(word: string, language: TextLanguage | null): string {
  if (!language) return word;
  return familyKey(SNOWBALL[language](word), STEM_FAMILIES[language]);
}
