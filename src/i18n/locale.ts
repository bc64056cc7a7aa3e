/** Text per locale tag, e.g. `{ "en": "How likely…", "fi": "Kuinka todennäköisesti…" }`. */
export type LocalizedText = Record<string, string>;

/** Locales that have built-in interface strings (buttons, errors, email chrome). */
export const SUPPORTED_UI_LOCALES = ['en', 'fi', 'sv', 'nb'] as const;
export type UiLocale = (typeof SUPPORTED_UI_LOCALES)[number];

export function isUiLocale(value: string): value is UiLocale {
  return (SUPPORTED_UI_LOCALES as readonly string[]).includes(value);
}

/**
 * Canonical casing for a BCP 47-style tag (`fi_fi` → `fi-FI`, `zh-hant-tw` → `zh-Hant-TW`),
 * or undefined when the input does not look like a language tag at all.
 * `no` becomes `nb`: `no` is the Norwegian macrolanguage, and Bokmål is what we ship
 * and what nearly every `no` sender means. Nynorsk (`nn`) is left alone.
 */
export function normalizeLocale(tag: string): string | undefined {
  const parts = tag.trim().replace(/_/g, '-').split('-');
  const language = parts[0].toLowerCase();
  if (!/^[a-z]{2,3}$/.test(language)) return undefined;
  const rest: string[] = [];
  for (const part of parts.slice(1)) {
    if (!/^[a-z0-9]{1,8}$/i.test(part)) return undefined;
    if (/^[a-z]{4}$/i.test(part)) rest.push(part[0].toUpperCase() + part.slice(1).toLowerCase());
    else if (/^([a-z]{2}|\d{3})$/i.test(part)) rest.push(part.toUpperCase());
    else rest.push(part.toLowerCase());
  }
  return [language === 'no' ? 'nb' : language, ...rest].join('-');
}

/** `nb-NO` → ['nb-NO', 'nb']: a tag followed by each shorter prefix. */
function withParents(tag: string): string[] {
  const parts = tag.split('-');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('-'));
}

/**
 * Locales to try, most preferred first: the requested tag and its parents, then the
 * fallback and its parents, normalised and deduplicated.
 * `localeChain('nb-NO', 'en')` → `['nb-NO', 'nb', 'en']`. Unreadable tags are skipped.
 */
export function localeChain(requested: string | undefined | null, fallback: string): string[] {
  const tags = [requested, fallback].map((t) => (t ? normalizeLocale(t) : undefined));
  const chain = tags.flatMap((t) => (t ? withParents(t) : []));
  return [...new Set(chain)];
}

function baseLanguage(tag: string): string {
  return tag.split('-')[0].toLowerCase();
}

/**
 * Picks the text to show for a locale chain. For each language in chain order it tries
 * the chain's exact tags, then any key of that language (so a Swedish reader gets `sv-FI`
 * before the English fallback); failing all, the first key. Empty strings count as
 * missing, since an unfinished translation must not show a blank question.
 * `locale` is the key as written in `text`.
 */
export function pickText(text: LocalizedText, chain: string[]): { locale: string; text: string } {
  const keys = Object.keys(text).filter((k) => text[k] !== '');
  const normalized = new Map(keys.map((k) => [k, normalizeLocale(k) ?? k]));
  const languages = [...new Set(chain.map(baseLanguage))];
  for (const language of languages) {
    const exact = chain
      .filter((tag) => baseLanguage(tag) === language)
      .map((tag) => keys.find((k) => normalized.get(k) === tag))
      .find((k) => k !== undefined);
    const key = exact ?? keys.find((k) => baseLanguage(normalized.get(k)!) === language);
    if (key !== undefined) return { locale: key, text: text[key] };
  }
  if (keys.length > 0) return { locale: keys[0], text: text[keys[0]] };
  return { locale: chain[0] ?? '', text: '' };
}

/** First chain entry we have interface strings for, by language; English otherwise. */
export function uiLocale(chain: string[]): UiLocale {
  for (const tag of chain) {
    const language = baseLanguage(normalizeLocale(tag) ?? tag);
    if (isUiLocale(language)) return language;
  }
  return 'en';
}
