import { Link } from 'react-router';

import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import type { Row, Rows, SortKey, View } from './breakdown-view';
import { nextSort } from './breakdown-view';
import { breakdownMessages } from './breakdowns.messages';
import { rankLabel } from './rank';

interface Props {
  rows: Rows;
  view: View;
  onSort: (next: Pick<View, 'sort' | 'dir'>) => void;
  caption: string;
  dimension: string;
  minimum: number;
  nameOf: (key: string) => string;
  linkOf: (key: string) => string | null;
  num: (x: number | null | undefined) => string;
}

/**
 * The leaderboard as a table (and the chart's text alternative): rank, slice, n, score and
 * interval. Sortable headers are buttons inside the header cells, which carry aria-sort; slices
 * with too few answers sit in their own row group below, unranked.
 */
export function BreakdownTable(props: Props) {
  const { rows, view, onSort, caption, dimension, minimum } = props;
  const t = useT(breakdownMessages);
  const header = (key: SortKey, label: string, numeric = false) => {
    const sorted = view.sort === key;
    return (
      <th
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={sorted ? (view.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <button type="button" className="sort" onClick={() => onSort(nextSort(view, key))}>
          {label}
          <span className="sort-mark" aria-hidden="true">
            {sorted ? (view.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    <table className="leaderboard" data-testid="leaderboard">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {header('rank', t('rank'))}
          {header('name', dimension)}
          {header('n', t('n'), true)}
          {header('score', t('score'), true)}
          <th scope="col" className="num">
            {t('interval')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.ranked.map((row) => (
          <SliceRow key={`r-${row.key}`} row={row} {...props} />
        ))}
      </tbody>
      {rows.unranked.length > 0 && (
        <tbody className="apart">
          <tr>
            <th scope="colgroup" colSpan={5}>
              {t('tooFewGroup', { min: minimum })}
            </th>
          </tr>
          {rows.unranked.map((row) => (
            <SliceRow key={`u-${row.key}`} row={row} {...props} />
          ))}
        </tbody>
      )}
    </table>
  );
}

function SliceRow(props: Props & { row: Row }) {
  const { row, nameOf, linkOf, num } = props;
  const t = useT(breakdownMessages);
  const { locale } = useLocale();
  const link = linkOf(row.key);
  const name = nameOf(row.key);
  return (
    <tr data-testid="slice" data-key={row.key}>
      <td data-testid="rank">{row.rank ? rankLabel(row.rank) : <span className="flag">{t('tooFew')}</span>}</td>
      <th scope="row">{link ? <Link to={link}>{name}</Link> : name}</th>
      <td className="num" data-testid="n">
        {formatCount(locale, row.n)}
      </td>
      <td className="num" data-testid="score">
        {num(row.score)}
      </td>
      <td className="num" data-testid="interval">
        {row.interval ? t('between', { low: num(row.interval.low), high: num(row.interval.high) }) : '–'}
      </td>
    </tr>
  );
}
