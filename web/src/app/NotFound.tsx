import { Link } from 'react-router';

import { useT } from '../i18n/i18n';
import { appMessages } from './app.messages';

export function NotFound() {
  const t = useT(appMessages);
  return (
    <section className="panel">
      <h1>{t('notFound')}</h1>
      <p>
        <Link to="/">{t('backHome')}</Link>
      </p>
    </section>
  );
}
