import type { Filters } from '../../filters/filters';
import { useT } from '../../i18n/i18n';
import { EXPORT_FORMATS, exportUrlOf, type ListFilters } from './response-filters';
import { responsesMessages } from './responses.messages';

/**
 * Downloads of exactly what the list shows, as plain links: the session cookie authenticates the
 * GET, and the API streams the file, so nothing is held in the page however large the export.
 */
export function ExportLinks(props: { filters: Filters; list: ListFilters; now: Date }) {
  const t = useT(responsesMessages);
  return (
    <section className="export" aria-labelledby="export-title">
      <h2 id="export-title">{t('export')}</h2>
      <p className="muted">{t('exportHelp')}</p>
      <p className="actions">
        {EXPORT_FORMATS.map((format) => (
          <a
            key={format}
            className="button-link"
            href={exportUrlOf(props.filters, props.list, format, props.now)}
            download
            data-testid={`export-${format}`}
          >
            {t(format === 'csv' ? 'exportCsv' : 'exportNdjson')}
          </a>
        ))}
      </p>
    </section>
  );
}
