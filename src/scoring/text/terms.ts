import { stem } from './stem';
import { isStopword } from './stopwords';
import type { TextLanguage } from './text-language';
import { tokenizeClauses } from './tokenize';

/** A content word of a text: its key for counting and matching, and how it was written. */
export interface Term {
  stem: string;
  word: string;
  start: number;
  end: number;
}

/**
 * The one normalisation that themes, search and the stored index share: tokenize into clauses,
 * drop stop-words, stem. Offsets index into `normalizeText(text)`.
 */
export function termClauses(text: string, language: TextLanguage | null): Term[][] {
  return tokenizeClauses(text)
    .map((clause) =>
      clause.filter((t) => !isStopword(t.word, language)).map((t) => ({ ...t, stem: stem(t.word, language) })),
    )
    .filter((clause) => clause.length > 0);
}

/** Distinct stems of a text, in first-seen order. */
export function distinctStems(text: string, language: TextLanguage | null): string[] {
  return [...new Set(termClauses(text, language).flatMap((clause) => clause.map((t) => t.stem)))];
}
