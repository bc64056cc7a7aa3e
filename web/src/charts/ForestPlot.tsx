import { forestDomain, niceTicks } from './forest-scale';

export interface ForestRow {
  id: string;
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** Drawn in grey with a dashed whisker: a figure on too few answers to judge. */
  muted?: boolean;
}

const W = 640;
const LABEL_W = 168;
const LEFT = 180;
const RIGHT = W - 20;
const ROW = 34;
const TOP = 8;
/** Room above the rows for the reference line's label. */
const LABELLED_TOP = 28;
const AXIS = 34;
const GAP = 14;
const MAX_LABEL = 24;

const INK = '#1d4ed8';
const MUTED = '#64748b';

const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/**
 * A horizontal forest plot: one row per slice, its score as a dot and its 95% interval as a
 * whisker, so long names read on the left and overlapping intervals are seen at a glance. Drawn
 * as SVG by React rather than with uPlot: uPlot plots series over a numeric x axis on a canvas,
 * and categorical rows with error bars would mean hand-drawing them in its hooks anyway; SVG is a
 * few elements, prints as vectors and scales with its column. For the eye only (aria-hidden): the
 * caller shows the same figures as a table.
 */
export function ForestPlot(props: {
  rows: ForestRow[];
  /** What the measure can take (NPS −100…100): the axis never goes beyond. */
  limits: [number, number];
  /** A dashed line across every row, e.g. all answers together. */
  reference?: { value: number; label: string } | null;
  format: (x: number) => string;
  /** Rows from this index on sit below a gap (those listed apart in the table). */
  apartFrom?: number;
  onOpen?: (row: ForestRow) => void;
}) {
  const { rows, limits, reference, format, onOpen } = props;
  const apartFrom = props.apartFrom ?? rows.length;
  const values = rows.flatMap((r) => [r.low, r.high, r.value]).filter((v): v is number => v !== null);
  if (reference) values.push(reference.value);
  const [lo, hi] = forestDomain(values, limits);
  const x = (v: number) => LEFT + ((v - lo) / (hi - lo)) * (RIGHT - LEFT);
  const gap = apartFrom < rows.length && apartFrom > 0 ? GAP : 0;
  const top = reference ? LABELLED_TOP : TOP;
  const y = (i: number) => top + i * ROW + ROW / 2 + (i >= apartFrom ? gap : 0);
  const plotBottom = top + rows.length * ROW + gap;
  const height = plotBottom + AXIS;
  const ticks = niceTicks(lo, hi);

  return (
    <svg
      className="forest"
      viewBox={`0 0 ${W} ${height}`}
      width="100%"
      aria-hidden="true"
      focusable="false"
      fontSize="15"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top} y2={plotBottom} stroke="#e2e8f0" />
          <text x={x(t)} y={plotBottom + 22} textAnchor="middle" fill="#475569">
            {format(t)}
          </text>
        </g>
      ))}
      <line x1={LEFT} x2={RIGHT} y1={plotBottom} y2={plotBottom} stroke="#94a3b8" />
      {gap > 0 && (
        <line
          x1={8}
          x2={RIGHT}
          y1={top + apartFrom * ROW + gap / 2}
          y2={top + apartFrom * ROW + gap / 2}
          stroke="#cbd5e1"
          strokeDasharray="2 3"
        />
      )}
      {rows.map((r, i) => {
        const colour = r.muted ? MUTED : INK;
        const cy = y(i);
        return (
          <g
            key={r.id}
            className={onOpen ? 'forest-row open' : 'forest-row'}
            onClick={onOpen ? () => onOpen(r) : undefined}
          >
            <title>{r.label}</title>
            <rect x={0} y={cy - ROW / 2} width={W} height={ROW} fill="transparent" />
            <text x={LABEL_W} y={cy + 5} textAnchor="end" fill={r.muted ? MUTED : '#0f172a'}>
              {short(r.label)}
            </text>
            {r.low !== null && r.high !== null && (
              <g stroke={colour} strokeWidth={2} strokeDasharray={r.muted ? '4 3' : undefined}>
                <line x1={x(r.low)} x2={x(r.high)} y1={cy} y2={cy} />
                <line x1={x(r.low)} x2={x(r.low)} y1={cy - 7} y2={cy + 7} strokeDasharray="none" />
                <line x1={x(r.high)} x2={x(r.high)} y1={cy - 7} y2={cy + 7} strokeDasharray="none" />
              </g>
            )}
            {r.value !== null && (
              <circle cx={x(r.value)} cy={cy} r={6} fill={r.muted ? '#fff' : colour} stroke={colour} strokeWidth={2} />
            )}
          </g>
        );
      })}
      {reference && (
        <g>
          <line
            x1={x(reference.value)}
            x2={x(reference.value)}
            y1={top - 6}
            y2={plotBottom}
            stroke="#0f172a"
            strokeDasharray="5 4"
          />
          <text x={x(reference.value)} y={top - 12} textAnchor="middle" fill="#0f172a" fontSize="14">
            {`${reference.label} ${format(reference.value)}`}
          </text>
        </g>
      )}
    </svg>
  );
}
