import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';

import { listTags } from '../../api/responses';
import { useMe } from '../../app/session';
import { useT } from '../../i18n/i18n';
import { type Band, BANDS, type ListFilters } from './response-filters';
import { responsesMessages } from './responses.messages';

/** The list's own filters: NPS bands, "has a comment", a tag, and words (applied on Search, so typing does not refetch). */
export function ListFilterForm({ list, update }: { list: ListFilters; update: (next: Partial<ListFilters>) => void }) {
  const t = useT(responsesMessages);
  const id = useId();
  const me = useMe();
  // The tags in use are the workspace's, which only a workspace-wide reader may list (not an agent).
  const seesTags = Boolean(me.data?.permissions.includes('responses:read'));
  const tags = useQuery({ queryKey: ['responses', 'tags'], enabled: seesTags, staleTime: 60_000, queryFn: listTags });
  const tagOptions = [...new Set([...(tags.data?.tags ?? []).map((x) => x.tag), ...(list.tag ? [list.tag] : [])])];
  const toggle = (band: Band, on: boolean) =>
    update({ bands: on ? [...list.bands, band] : list.bands.filter((b) => b !== band) });
  return (
    <form
      className="filter-bar list-filters"
      aria-label={t('listFilters')}
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const words = String(new FormData(e.currentTarget).get('q') ?? '').trim();
        update({ q: words || undefined });
      }}
    >
      <fieldset className="bands">
        <legend>{t('band')}</legend>
        {BANDS.map((b) => (
          <label key={b} className="check">
            <input type="checkbox" checked={list.bands.includes(b)} onChange={(e) => toggle(b, e.target.checked)} />
            <span className={`band-mark ${b}`} aria-hidden="true" />
            {t(b)}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={list.commented} onChange={(e) => update({ commented: e.target.checked })} />
        {t('commented')}
      </label>
      {tagOptions.length > 0 && (
        <label className="tag-filter">
          <span>{t('tag')}</span>
          <select value={list.tag ?? ''} onChange={(e) => update({ tag: e.target.value || undefined })}>
            <option value="">{t('allTags')}</option>
            {tagOptions.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="search-field">
        <label htmlFor={`${id}-q`}>{t('search')}</label>
        <div className="row">
          {/* Keyed by the URL's words: the back button or a link puts them back in the field. */}
          <input key={list.q ?? ''} id={`${id}-q`} name="q" type="search" defaultValue={list.q ?? ''} maxLength={200} />
          <button type="submit">{t('searchButton')}</button>
          {list.q && (
            <button type="button" className="link" onClick={() => update({ q: undefined })}>
              {t('clearSearch')}
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
