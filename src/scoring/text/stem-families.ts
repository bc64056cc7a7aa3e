import type { TextLanguage } from './text-language';

/**
 * Snowball stems that one word family leaves in several pieces, and the key they share.
 * `prefixes` match the start of a stem, `stems` match whole stems; both are Snowball output,
 * not dictionary words.
 */
export interface StemFamily {
  key: string;
  prefixes?: string[];
  stems?: string[];
}

/**
 * Snowball strips inflection but not derivation, and Finnish builds its service vocabulary by
 * derivation: jono "queue" → jonottaa "to queue" → jonotus "queuing" give the stems jono, jonot,
 * jonottam, jonotus, jonotuks… These families join the commonest customer-service words.
 * A prefix also takes in compounds that start with it (jonotusaika "queuing time" → jono);
 * each prefix was checked not to capture a common unrelated word (so toimit, not toimi, which
 * would pull in toimisto "office"; hinta gets exact stems because "hin" starts too much).
 * Words outside this list get plain Snowball and may stay split: see LANGUAGES.md.
 */
const FINNISH: StemFamily[] = [
  { key: 'jono', prefixes: ['jono'] },
  { key: 'odot', prefixes: ['odot'] },
  { key: 'palvel', prefixes: ['palvel'], stems: ['palv'] },
  { key: 'toimit', prefixes: ['toimit'] },
  { key: 'maks', prefixes: ['maks'] },
  { key: 'soit', prefixes: ['soit'] },
  { key: 'hin', prefixes: ['hinnoit'], stems: ['hin', 'hint', 'hinto'] },
];

/**
 * Swedish and Norwegian Snowball leave words shorter than its suffix region alone, so the
 * commonest complaint word keeps its definite and plural forms apart (kö/kön/köer, kø/køen).
 */
const SWEDISH: StemFamily[] = [
  { key: 'kö', stems: ['kö', 'kön', 'köer', 'köern', 'köa', 'köad', 'köat', 'köar', 'köandet'] },
];
const NORWEGIAN: StemFamily[] = [{ key: 'kø', stems: ['kø', 'køen', 'køer', 'køa', 'køet'] }];
/** Porter cuts "queued"/"queuing" to "queu" but "queue"/"queues" to "queue". */
const ENGLISH: StemFamily[] = [{ key: 'queue', stems: ['queu'] }];

export const STEM_FAMILIES: Record<TextLanguage, StemFamily[]> = {
  en: ENGLISH,
  fi: FINNISH,
  sv: SWEDISH,
  nb: NORWEGIAN,
};

/** The family key for a Snowball stem, or the stem itself. Longest matching prefix wins. */
export function familyKey(stem: string, families: StemFamily[]): string {
  let best: { key: string; length: number } | null = null;
  for (const family of families) {
    if (family.stems?.includes(stem)) return family.key;
    for (const prefix of family.prefixes ?? []) {
      if (stem.startsWith(prefix) && (!best || prefix.length > best.length))
        best = { key: family.key, length: prefix.length };
    }
  }
  return best?.key ?? stem;
}
