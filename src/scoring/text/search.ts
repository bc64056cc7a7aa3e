import { distinctStems } from './terms';
import { TEXT_LANGUAGES, type TextLanguage } from './text-language';

/**
 * The terms to store for a response so the database can filter without re-analysing:
 * its distinct stems, stop-words removed (for a Postgres `text[]` column and `@>`).
 */
export function indexTerms(text: string, language: TextLanguage | null): string[] {
  return distinctStems(text, language);
}

/**
 * The stems a keyword query looks for, normalised exactly like indexTerms: "jonotus" → ["jono"],
 * so it finds "jonossa" and "jouduin jonottamaan". Empty when only stop-words were typed.
 */
export function queryTerms(query: string, language: TextLanguage | null): string[] {
  return distinctStems(query, language);
}

/**
 * Query terms for each analysed language, for a search box that does not know which language
 * the user typed in: filter each language's responses with that language's terms.
 */
export function queryTermsByLanguage(query: string): Record<TextLanguage, string[]> {
  return Object.fromEntries(TEXT_LANGUAGES.map((l) => [l, queryTerms(query, l)])) as Record<TextLanguage, string[]>;
}

/**
 * Whether a response matches a keyword query: every query term is among the text's terms
 * (AND, any order). A query with no terms matches nothing, so a search for "the" finds no rows
 * instead of all of them.
 */
export function matchesQuery(text: string, language: TextLanguage | null, query: string): boolean {
  const wanted = queryTerms(query, language);
  if (wanted.length === 0) return false;
  const have = new Set(indexTerms(text, language));
  return wanted.every((t) => have.has(t));
}
