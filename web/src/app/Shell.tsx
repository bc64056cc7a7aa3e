import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';

import { api, ApiProblem } from '../api/client';
import { useLocale, useT } from '../i18n/i18n';
import { type Locale, LOCALE_NAMES, LOCALES } from '../i18n/locales';
import { Loading, ProblemNotice } from '../ui/status';
import { appMessages } from './app.messages';
import { adoptProfileLocale } from './LocaleRoot';
import { useMe } from './session';

const NAV = [
  { to: '/', key: 'overview', end: true },
  { to: '/breakdowns', key: 'breakdowns' },
  { to: '/text', key: 'text' },
  { to: '/responses', key: 'responses' },
  { to: '/alerts', key: 'alerts' },
] as const;

/** The frame of every signed-in screen: skip link, header with navigation, language and account, then the screen. */
export function Shell() {
  const t = useT(appMessages);
  const { locale, setLocale } = useLocale();
  const me = useMe();
  const location = useLocation();
  const queries = useQueryClient();

  useEffect(() => adoptProfileLocale(me.data?.user?.locale, setLocale), [me.data?.user?.locale, setLocale]);
  // The person's choice is kept on their profile too: their emails and their other browsers follow it.
  const chooseLocale = (next: Locale) => {
    setLocale(next);
    if (me.data?.user)
      void api.PATCH('/v1/me', { body: { locale: next } }).then(() => queries.invalidateQueries({ queryKey: ['me'] }));
  };

  if (me.error instanceof ApiProblem && me.error.status === 401) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.error) return <ProblemNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Loading />;

  const signOut = async (everywhere: boolean) => {
    await api.POST(everywhere ? '/auth/sign-out-everywhere' : '/auth/sign-out');
    queries.clear();
    window.location.assign('/app/sign-in');
  };
  const who = me.data.user?.name ?? me.data.user?.email ?? me.data.workspace.name;
  // A path that does not keep the filters (a response page) still hands them on to the next screen.
  const keep = location.search;

  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◐
          </span>
          <span>Palaute</span>
          <span className="workspace">{me.data.workspace.name}</span>
        </div>
        <nav aria-label={t('nav')}>
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.key}>
                <NavLink to={{ pathname: item.to, search: keep }} end={'end' in item}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <label className="inline">
            <span>{t('language')}</span>
            <select value={locale} onChange={(e) => chooseLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          <span className="who">{t('account', { who, role: me.data.role })}</span>
          <button type="button" className="link" onClick={() => void signOut(false)}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
