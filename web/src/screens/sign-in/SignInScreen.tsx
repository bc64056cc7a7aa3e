import { type FormEvent, useRef, useState } from 'react';

import { api } from '../../api/client';
import { useLocale, useT } from '../../i18n/i18n';
import { type Locale, LOCALE_NAMES, LOCALES } from '../../i18n/locales';
import { signInMessages } from './sign-in.messages';

type State = { step: 'ask' } | { step: 'sending' } | { step: 'sent'; email: string } | { step: 'error'; text: string };

/** The one screen without a session: an address in, a link out by email (the API answers 202 either way). */
export function SignInScreen() {
  const t = useT(signInMessages);
  const { locale, setLocale } = useLocale();
  const [state, setState] = useState<State>({ step: 'ask' });
  const input = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      setState({ step: 'error', text: t('invalid') });
      input.current?.focus();
      return;
    }
    setState({ step: 'sending' });
    const { response } = await api.POST('/auth/sign-in', {
      body: { email },
      headers: { 'accept-language': locale },
    });
    if (response.status === 429) setState({ step: 'error', text: t('tooMany') });
    else if (response.status === 202) setState({ step: 'sent', email });
    else setState({ step: 'error', text: t('invalid') });
  };

  return (
    <main id="main" className="sign-in">
      <div className="card">
        <h1>
          <span className="logo" aria-hidden="true">
            ◐
          </span>{' '}
          {t('title')}
        </h1>
        {state.step === 'sent' ? (
          <div role="status">
            <p>{t('sent', { email: state.email })}</p>
            <button type="button" className="link" onClick={() => setState({ step: 'ask' })}>
              {t('again')}
            </button>
          </div>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <p>{t('lead')}</p>
            <label htmlFor="email">{t('email')}</label>
            <input
              ref={input}
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              aria-invalid={state.step === 'error'}
              aria-describedby={state.step === 'error' ? 'email-error' : undefined}
            />
            {state.step === 'error' && (
              <p id="email-error" className="field-error" role="alert">
                {state.text}
              </p>
            )}
            <button type="submit" className="primary" disabled={state.step === 'sending'}>
              {state.step === 'sending' ? t('sending') : t('send')}
            </button>
          </form>
        )}
        <p className="languages">
          {LOCALES.map((l: Locale) => (
            <button
              key={l}
              type="button"
              className="link"
              lang={l}
              aria-pressed={l === locale}
              onClick={() => setLocale(l)}
            >
              {LOCALE_NAMES[l]}
            </button>
          ))}
        </p>
      </div>
    </main>
  );
}
