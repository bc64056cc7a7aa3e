import { type ReactNode, useCallback, useEffect, useState } from 'react';

import { LocaleProvider } from '../i18n/i18n';
import { chooseLocale, type Locale } from '../i18n/locales';

const KEY = 'palaute.locale';

function stored(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The interface language: what the person picked (kept in this browser), else the browser's own. */
export function LocaleRoot({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => chooseLocale(stored(), navigator.languages ?? []));
  const setLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // A browser that keeps nothing still switches for this visit.
    }
    setState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <LocaleProvider locale={locale} setLocale={setLocale}>
      {children}
    </LocaleProvider>
  );
}

/** Once signed in, the profile's language is the person's choice (set from any browser), ahead of this one's. */
export function adoptProfileLocale(profile: string | null | undefined, setLocale: (l: Locale) => void): void {
  if (!profile) return;
  const chosen = chooseLocale(profile, []);
  if (chosen !== stored()) setLocale(chosen);
}
