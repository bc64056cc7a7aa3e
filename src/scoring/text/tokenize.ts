/** One word as written (lowercased) and where it sits in the lowercased text. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

// Links and addresses would otherwise leave "https", "www" and domain parts as fake themes.
const LINK = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+/giu;
// Letters and digits with inner apostrophes ("don't"); digits are dropped afterwards, which
// also removes "4g" and "10min" whole instead of leaving a stray "g" or "min".
const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;
// Themes must not pair words across sentences or list items ("Great staff. Parking awful").
const CLAUSE_BREAK = /[.!?;:,()[\]{}"“”«»\n\r\t•–—]+/u;

/**
 * Lowercased, NFC-normalised text with curly apostrophes made straight, so "Kön", "kön" and
 * a decomposed "ko\u0308n" are one word, and offsets from `tokenizeClauses` index into it.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
}

/**
 * Words of a text in clauses (split at sentence and list punctuation), lowercased, keeping
 * å ä ö æ ø and other letters. Drops links, e-mail addresses, anything with a digit, one-letter
 * words and a possessive "'s". Offsets refer to `normalizeText(text)`.
 */
export function tokenizeClauses(text: string): Token[][] {
  const normalized = normalizeText(text).replace(LINK, (m) => ' '.repeat(m.length));
  const clauses: Token[][] = [];
  let offset = 0;
  for (const part of normalized.split(new RegExp(`(${CLAUSE_BREAK.source})`, 'u'))) {
    if (!CLAUSE_BREAK.test(part)) {
      const tokens = [...part.matchAll(WORD)].flatMap((m) => toToken(m[0], offset + (m.index ?? 0)));
      if (tokens.length) clauses.push(tokens);
    }
    offset += part.length;
  }
  return clauses;
}

/** All words of a text, in order, without clause boundaries. */
export function tokenize(text: string): string[] {
  return tokenizeClauses(text).flatMap((clause) => clause.map((t) => t.word));
}

function toToken(raw: string, start: number): Token[] {
  if (/\p{N}/u.test(raw)) return [];
  const word = raw.replace(/'s$/, '');
  return [...word].length < 2 ? [] : [{ word, start, end: start + word.length }];
}
