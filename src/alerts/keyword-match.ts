import { matchesQuery } from '../scoring/text/search';
import { stem } from '../scoring/text/stem';
import { type TextLanguage } from '../scoring/text/text-language';
import { tokenize, tokenizeClauses } from '../scoring/text/tokenize';

/** A word or phrase that raises an alert when a comment mentions it. */
export interface AlertKeyword {
  /** As the admin wrote it, e.g. `lopetan` or `säga upp`; shown in alert reasons. */
  text: string;
  /**
   * The language the keyword is written in. When set, the keyword is only looked for in
   * responses of that language (so a Finnish `en` never fires on English text), and responses
   * of unknown language are stemmed as this language. When absent, the keyword is stemmed in
   * each response's own language.
   */
  language?: TextLanguage;
}

/**
 * How many other words may sit between the words of a multi-word keyword: "säger jag upp",
 * "cancel my subscription" for the keyword "cancel subscription".
 */
export const PHRASE_MAX_GAP = 2;

/** Whether a keyword has any word the tokenizer keeps (two letters or more, no digits). */
export function hasKeywordWords(text: string): boolean {
  return tokenize(text).length > 0;
}

/**
 * Whether `text` (a comment in `language`, null when unknown or not analysed) mentions the keyword.
 *
 * One word: the project's keyword search (`matchesQuery`), so stems meet ("lopetan" finds
 * "lopetin" and "lopettaa") and a stop-word alone matches nothing.
 *
 * Several words: every word is required, stop-words included, because in particle verbs the
 * "stop-word" carries the meaning ("säga upp" is to cancel, "säga" is to say; Norwegian "si opp"
 * is nothing but stop-words). The words must all occur, by stem and in any order, within one
 * clause and with at most PHRASE_MAX_GAP other words in between. Any order because Finnish word
 * order is free and Swedish inverts the verb ("nu säger jag upp").
 */
export function mentionsKeyword(text: string, language: TextLanguage | null, keyword: AlertKeyword): boolean {
  if (keyword.language && language && keyword.language !== language) return false;
  const lang = language ?? keyword.language ?? null;
  const words = tokenize(keyword.text);
  if (words.length <= 1) return matchesQuery(text, lang, keyword.text);
  const wanted = new Set(words.map((w) => stem(w, lang)));
  const span = words.length + PHRASE_MAX_GAP;
  return tokenizeClauses(text).some((clause) => {
    const stems = clause.map((t) => stem(t.word, lang));
    return stems.some((s, i) => wanted.has(s) && coversAll(stems.slice(i, i + span), wanted));
  });
}

function coversAll(window: string[], wanted: Set<string>): boolean {
  const seen = new Set(window);
  for (const w of wanted) if (!seen.has(w)) return false;
  return true;
}
