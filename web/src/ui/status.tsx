import { ApiProblem } from '../api/client';
import { appMessages } from '../app/app.messages';
import { useT } from '../i18n/i18n';

export function Loading() {
  const t = useT(appMessages);
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}

/** What went wrong, in the API's own words; a 403 names the permission the role lacks. */
export function ProblemNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT(appMessages);
  const problem = error instanceof ApiProblem ? error : null;
  const text =
    problem?.status === 403
      ? t('forbidden', { permission: problem.detail ?? problem.title })
      : t('failed', { reason: problem ? problem.message : String(error) });
  return (
    <div className="notice error" role="alert">
      <p>{text}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
