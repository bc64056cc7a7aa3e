import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface TrendPoint {
  /** Start of the period, epoch seconds. */
  t: number;
  value: number | null;
  low: number | null;
  high: number | null;
}

const INK = '#1d4ed8';
const BAND = 'rgba(29, 78, 216, 0.14)';

/**
 * A score over time with its 95% interval drawn as a band (uPlot: canvas, small, fast). The
 * picture is for the eye only: the caller puts the same figures beside it as a table.
 */
export function TrendChart(props: { points: TrendPoint[]; yRange: [number, number]; label: string; locale: string }) {
  const { points, yRange, label, locale } = props;
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const data: uPlot.AlignedData = [
      points.map((p) => p.t),
      points.map((p) => p.value),
      points.map((p) => p.low),
      points.map((p) => p.high),
    ];
    const dateText = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: 260,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: yRange } },
      axes: [
        { values: (_u, ticks) => ticks.map((s) => dateText.format(new Date(s * 1000))), stroke: '#475569' },
        { stroke: '#475569', size: 48 },
      ],
      series: [
        {},
        { label, stroke: INK, width: 2, points: { show: true, size: 6, fill: INK }, spanGaps: false },
        { label: 'low', stroke: 'transparent', points: { show: false } },
        { label: 'high', stroke: 'transparent', points: { show: false } },
      ],
      bands: [{ series: [3, 2], fill: BAND }],
    };
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, yRange, label, locale]);

  return <div ref={host} className="chart" aria-hidden="true" />;
}
