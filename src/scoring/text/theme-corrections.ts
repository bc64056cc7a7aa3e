import { termClauses } from './terms';
import type { TextLanguage } from './text-language';
import type { DocumentThemes } from './themes';
import { normalizeText } from './tokenize';

/** Longest theme an analyst may add, in content words (the analysis finds up to 2). */
export const MAX_CORRECTION_WORDS = 3;

/** An analyst's word on one theme of one response: put it on, or take it off. */
export interface ThemeCorrection {
  key: string;
  action: 'add' | 'remove';
  /** The words the analyst gave (an addition), or how the response wrote it (a removal). */
  label: string;
}

/** A phrase as a theme key, or why it cannot be one. */
export type ThemeKeyResult = { ok: true; key: string; label: string } | { ok: false; message: string };

/**
 * The theme key of words an analyst typed, computed as the analysis computes keys (stop-words
 * dropped, stems sorted), in the response's language: "long queues" on an English response is
 * "long queue", the key under which the analysis counts "the queue was long".
 */
export function themeKeyOf(phrase: string, language: TextLanguage | null): ThemeKeyResult {
  const stems = [...new Set(termClauses(phrase, language).flatMap((clause) => clause.map((t) => t.stem)))];
  if (stems.length === 0)
    return { ok: false, message: 'Has no word a theme can be made of (only stop-words, digits or links)' };
  if (stems.length > MAX_CORRECTION_WORDS)
    return { ok: false, message: `A theme has at most ${MAX_CORRECTION_WORDS} words besides stop-words` };
  return { ok: true, key: stems.sort().join(' '), label: normalizeText(phrase).replace(/\s+/g, ' ').trim() };
}

/**
 * A response's themes once its corrections apply: removals taken off, additions put on (keeping
 * the response's own wording when the analysis found it too). Each key has one correction, the
 * latest, so the order does not matter.
 */
export function applyCorrections(found: DocumentThemes, corrections: readonly ThemeCorrection[]): DocumentThemes {
  if (corrections.length === 0) return found;
  const out = new Map(found);
  for (const c of corrections) {
    if (c.action === 'remove') out.delete(c.key);
    else if (!out.has(c.key)) out.set(c.key, c.label);
  }
  return out;
}
