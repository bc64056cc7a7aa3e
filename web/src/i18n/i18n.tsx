import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';

import type { Locale } from './locales';

/** One screen's strings: English is the source, and every other language must have every key (checked by tsc). */
export type Catalog<K extends string> = Record<Locale, Record<K, string>>;

export function defineMessages<const K extends string>(catalog: Catalog<K>): Catalog<K> {
  return catalog;
}

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => undefined });

export function LocaleProvider(props: LocaleState & { children: ReactNode }) {
  const { locale, setLocale, children } = props;
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export const useLocale = () => useContext(LocaleContext);

/** `{name}` placeholders filled from params; a missing param stays visible rather than vanishing. */
export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The translate function of one catalog in the current language. */
export function useT<K extends string>(catalog: Catalog<K>) {
  const { locale } = useLocale();
  return useCallback(
    (key: K, params?: Record<string, string | number>) => fill(catalog[locale][key] ?? catalog.en[key], params),
    [catalog, locale],
  );
}
