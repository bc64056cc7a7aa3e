/**
 * Which words of an answer a search matched, for <mark>: the text split into plain and matched
 * parts (the screen renders them as React nodes, never as HTML). The API finds answers by stems
 * ("queue" finds "queued", "jonotus" finds "jonossa"); the console has no stemmer, so a word counts
 * as matched when it shares a long enough beginning with a query word, which covers the
 * inflections the API joins and rarely marks a word it did not.
 */
export interface TextPart {
  text: string;
  match: boolean;
}

// As the server's tokenizer: letters and digits with inner apostrophes ("don't").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Function words the API drops from a query (a small part of its stop lists): a search for "the
 * queue" finds answers by "queue" alone, so "the" is not marked.
 */
const FUNCTION_WORDS = new Set(
  [
    // en
    'the a an and or but so of to in on at for with from by is are was were be been it its this that',
    'my me we our you your they them he she not no too very i',
    // fi
    'ja tai mutta kun niin että se ne on oli ole olla ovat ei en et me te he minä sinä hän myös vain',
    // sv
    'och att det är var ett som på med för inte jag till av om men så de vi',
    // nb
    'og er et å ikke til som på med for jeg av om men så de vi',
  ]
    .join(' ')
    .split(' '),
);

const normalize = (word: string) => word.normalize('NFC').toLowerCase().replace(/’/g, "'");

/** The words of a query worth marking: lowercased, without digits, one-letter words or function words. */
export function queryWords(query: string): string[] {
  const words = [...query.matchAll(WORD)]
    .map((m) => normalize(m[0]))
    .filter((w) => !/\p{N}/u.test(w) && [...w].length >= 2 && !FUNCTION_WORDS.has(w));
  return [...new Set(words)];
}

function commonPrefix(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Whether a word of an answer matches a query word: they share a beginning of at least the whole
 * query word, or, for longer query words, all but its last three letters with a minimum of four
 * ("queue" ~ "queued", "queuing"; "jonotus" ~ "jonossa"; "call" ~ "called" but not "calm").
 */
export function wordMatches(word: string, queryWord: string): boolean {
  const w = [...normalize(word)];
  const q = [...normalize(queryWord)];
  const need = Math.min(q.length, Math.max(4, q.length - 3));
  return need > 0 && w.length >= need && commonPrefix(w, q) >= need;
}

/** The text as plain and matched parts, in order, covering every character once. */
export function highlightParts(text: string, query: string): TextPart[] {
  const wanted = queryWords(query);
  const parts: TextPart[] = [];
  let at = 0;
  const push = (part: TextPart) => {
    const last = parts[parts.length - 1];
    if (last && !last.match && !part.match) last.text += part.text;
    else parts.push(part);
  };
  if (wanted.length > 0) {
    for (const m of text.matchAll(WORD)) {
      const start = m.index ?? 0;
      if (!wanted.some((q) => wordMatches(m[0], q))) continue;
      if (start > at) push({ text: text.slice(at, start), match: false });
      push({ text: m[0], match: true });
      at = start + m[0].length;
    }
  }
  if (at < text.length) push({ text: text.slice(at), match: false });
  return parts;
}
