/** Tags a response may carry, and how long one may be. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;

/**
 * A tag as stored: trimmed, inner whitespace collapsed, lower-cased (so "Refund" and "refund " are
 * one tag for the filter), NFC so the same word typed on two keyboards is one tag.
 */
export function normalizeTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The set a PUT asks for: normalized, duplicates dropped, sorted (the order the page shows). */
export function tagSet(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag))].sort();
}
