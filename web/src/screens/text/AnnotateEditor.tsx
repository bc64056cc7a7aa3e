import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';

import { ApiProblem } from '../../api/client';
import { type Annotations, correctThemes, getAnnotations, setTags } from '../../api/text';
import { useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { textMessages } from './text.messages';
import { THEMES_KEY } from './use-text';

/** The API's words on a refused change: each field it names, or its title. */
function problemText(error: unknown): string {
  if (error instanceof ApiProblem)
    return error.errors.length ? error.errors.map((e) => e.message).join('; ') : error.message;
  return String(error);
}

/**
 * An analyst's inline editor on one response: take a theme off or put one on, add or remove a
 * tag. A theme correction makes every themes query stale, so the counts on the page are
 * re-read with the correction counted (as the API counts it from then on).
 */
export function AnnotateEditor({ responseId }: { responseId: string }) {
  const t = useT(textMessages);
  const id = useId();
  const queries = useQueryClient();
  const key = ['response-annotations', responseId];
  const current = useQuery({ queryKey: key, queryFn: () => getAnnotations(responseId) });
  const [theme, setTheme] = useState('');
  const [tag, setTag] = useState('');
  const [saved, setSaved] = useState('');
  const update = (patch: Partial<Annotations>) =>
    queries.setQueryData<Annotations>(key, (old) => (old ? { ...old, ...patch } : old));

  const themes = useMutation({
    mutationFn: (change: { add?: string[]; remove?: string[] }) => correctThemes(responseId, change),
    onSuccess: (view) => {
      update({ themes: view });
      setTheme('');
      setSaved(t('themesSaved'));
      void queries.invalidateQueries({ queryKey: THEMES_KEY });
    },
  });
  const tags = useMutation({
    mutationFn: (next: string[]) => setTags(responseId, next),
    onSuccess: (answer) => {
      update({ tags: answer.tags });
      setTag('');
      setSaved(t('tagsSaved'));
    },
  });

  if (current.error) return <ProblemNotice error={current.error} onRetry={() => void current.refetch()} />;
  if (!current.data) return <Loading />;
  const { themes: view, tags: tagList } = current.data;
  const busy = themes.isPending || tags.isPending;

  const addTheme = (e: FormEvent) => {
    e.preventDefault();
    if (theme.trim()) themes.mutate({ add: [theme.trim()] });
  };
  const addTag = (e: FormEvent) => {
    e.preventDefault();
    const next = tag.trim();
    if (next && !tagList.includes(next.toLowerCase())) tags.mutate([...tagList, next]);
  };

  return (
    <div className="annotate" data-testid="annotate">
      <fieldset>
        <legend>{t('themesOf')}</legend>
        {view.themes.length === 0 ? (
          <p className="muted">{t('noResponseThemes')}</p>
        ) : (
          <ul className="chips" lang={view.language ?? undefined}>
            {view.themes.map((th) => (
              <li key={th.key} data-testid="response-theme" data-key={th.key}>
                {th.label}
                {th.source === 'added' && <span className="muted"> ({t('added')})</span>}
                <button
                  type="button"
                  className="chip-remove"
                  disabled={busy}
                  aria-label={t('remove', { label: th.label })}
                  onClick={() => themes.mutate({ remove: [th.key] })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {view.removed.length > 0 && (
          <p className="muted">
            {t('removedList')}{' '}
            {view.removed.map((r) => (
              <button
                key={r.key}
                type="button"
                className="link"
                disabled={busy}
                onClick={() => themes.mutate({ add: [r.label] })}
              >
                {t('putBack', { label: r.label })}
              </button>
            ))}
          </p>
        )}
        <form className="inline-add" onSubmit={addTheme}>
          <label htmlFor={`${id}-theme`}>{t('addTheme')}</label>
          <input id={`${id}-theme`} value={theme} maxLength={100} onChange={(e) => setTheme(e.target.value)} />
          <button type="submit" disabled={busy}>
            {t('addThemeButton')}
          </button>
        </form>
        {themes.error && <p className="field-error">{problemText(themes.error)}</p>}
      </fieldset>
      <fieldset>
        <legend>{t('tags')}</legend>
        {tagList.length === 0 ? (
          <p className="muted">{t('noTags')}</p>
        ) : (
          <ul className="chips">
            {tagList.map((x) => (
              <li key={x} data-testid="response-tag">
                {x}
                <button
                  type="button"
                  className="chip-remove"
                  disabled={busy}
                  aria-label={t('removeTag', { tag: x })}
                  onClick={() => tags.mutate(tagList.filter((y) => y !== x))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="inline-add" onSubmit={addTag}>
          <label htmlFor={`${id}-tag`}>{t('addTag')}</label>
          <input id={`${id}-tag`} value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} />
          <button type="submit" disabled={busy}>
            {t('addTagButton')}
          </button>
        </form>
        {tags.error && <p className="field-error">{problemText(tags.error)}</p>}
      </fieldset>
      <p role="status" className="saved">
        {saved}
      </p>
    </div>
  );
}
