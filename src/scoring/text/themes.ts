import { termClauses } from './terms';
import type { TextLanguage } from './text-language';
import { normalizeText } from './tokenize';

/** One open answer and the language it is analysed in (null: no stemming or stop-words). */
export interface TextDocument {
  text: string;
  language: TextLanguage | null;
}

/** A keyword (one stem) or multi-word theme (2–3 stems) and how many responses mention it. */
export interface Theme {
  language: TextLanguage | null;
  /** Stems sorted and joined by a space: "kö lång"; stable across word order. */
  key: string;
  words: number;
  /** The most frequent way responses wrote it, e.g. "queue was too long" or "jonotus". */
  label: string;
  /** Responses that mention it (each response counts once however often it repeats it). */
  documents: number;
}

export interface ThemeOptions {
  /** Longest theme in content words: 1 keywords only, 2 adds pairs, 3 adds triples. Default 2. */
  maxWords?: number;
  /** Fewest responses a theme needs before it is reported. Default 2. */
  minDocuments?: number;
}

/** Theme key → how this response wrote it (its first occurrence). */
export type DocumentThemes = Map<string, string>;

/**
 * Themes of one response. A multi-word theme is a run of adjacent content words inside one
 * clause once stop-words are gone ("the queue was too long" → queue + long), keyed by its sorted
 * stems so "long queue" and "queue was long", or Finnish in any word order, meet. Runs that
 * repeat a stem ("very very") are skipped.
 */
export function documentThemes(doc: TextDocument, maxWords = 2): DocumentThemes {
  const normalized = normalizeText(doc.text);
  const found: DocumentThemes = new Map();
  for (const clause of termClauses(doc.text, doc.language)) {
    for (let size = 1; size <= maxWords; size++) {
      for (let i = 0; i + size <= clause.length; i++) {
        const run = clause.slice(i, i + size);
        const stems = new Set(run.map((t) => t.stem));
        if (stems.size < size) continue;
        const key = [...stems].sort().join(' ');
        if (!found.has(key)) found.set(key, collapseSpaces(normalized.slice(run[0].start, run[size - 1].end)));
      }
    }
  }
  return found;
}

/** Accumulates document frequencies and surface forms per (language, key). */
export class ThemeTally {
  private readonly entries = new Map<
    string,
    { language: TextLanguage | null; key: string; documents: number; labels: Map<string, number> }
  >();

  add(language: TextLanguage | null, themes: DocumentThemes): void {
    for (const [key, surface] of themes) {
      const id = `${language ?? ''}\u0000${key}`;
      let entry = this.entries.get(id);
      if (!entry) this.entries.set(id, (entry = { language, key, documents: 0, labels: new Map() }));
      entry.documents++;
      entry.labels.set(surface, (entry.labels.get(surface) ?? 0) + 1);
    }
  }

  documents(language: TextLanguage | null, key: string): number {
    return this.entries.get(`${language ?? ''}\u0000${key}`)?.documents ?? 0;
  }

  themes(): Theme[] {
    return [...this.entries.values()].map((e) => ({
      language: e.language,
      key: e.key,
      words: e.key.split(' ').length,
      label: mostFrequent(e.labels),
      documents: e.documents,
    }));
  }
}

/** A response with its themes found (and corrected) once, shared by every ranking of a request. */
export interface ThemedDocument {
  language: TextLanguage | null;
  themes: DocumentThemes;
}

/**
 * Keywords and multi-word themes across responses, most mentioned first (ties: fewer words,
 * then key), each counted once per response and kept when at least `minDocuments` mention it.
 */
export function extractThemes(docs: TextDocument[], options: ThemeOptions = {}): Theme[] {
  const { maxWords = 2, minDocuments = 2 } = options;
  return rankThemes(
    docs.map((doc) => ({ language: doc.language, themes: documentThemes(doc, maxWords) })),
    minDocuments,
  );
}

/** extractThemes over responses whose themes are already known. */
export function rankThemes(docs: readonly ThemedDocument[], minDocuments = 2): Theme[] {
  const tally = new ThemeTally();
  for (const doc of docs) tally.add(doc.language, doc.themes);
  return tally
    .themes()
    .filter((t) => t.documents >= minDocuments)
    .sort((a, b) => b.documents - a.documents || a.words - b.words || a.key.localeCompare(b.key));
}

/**
 * Highest count; ties go to the shortest (nearest the base form: "queue" over "queues"), then
 * the alphabetically first, so output does not depend on input order.
 */
export function mostFrequent(counts: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [value, count] of counts) {
    const tieWins = value.length < best.length || (value.length === best.length && value.localeCompare(best) < 0);
    if (count > bestCount || (count === bestCount && tieWins)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
