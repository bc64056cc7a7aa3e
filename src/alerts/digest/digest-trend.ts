/** One week of the trend: its score and 95% interval, null when the week had no answers. */
export interface TrendWeek {
  weekStart: string;
  score: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

const WIDTH = 560;
const HEIGHT = 150;
const PAD = { left: 8, right: 8, top: 10, bottom: 10 };
const INK = '#1d4ed8';
const BAND = '#dbe4fb';

const f = (x: number) => x.toFixed(1);

/**
 * The digest's trend as a picture: the score as a line, its interval as a band, the zero line,
 * a dot per week. No text in the picture (fonts differ between machines and mail clients; the
 * email states the same figures in words beside it). Weeks without answers break the line.
 */
export function trendSvg(weeks: TrendWeek[], range: [number, number] = [-100, 100]): string {
  const [min, max] = range;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (weeks.length <= 1 ? innerW / 2 : (innerW * i) / (weeks.length - 1));
  const y = (v: number) => PAD.top + innerH * (1 - (Math.max(min, Math.min(max, v)) - min) / (max - min));
  const runs: number[][] = [];
  weeks.forEach((w, i) => {
    if (w.score === null) return void runs.push([]);
    if (!runs.length) runs.push([]);
    runs[runs.length - 1].push(i);
  });
  const shapes: string[] = [];
  for (const run of runs.filter((r) => r.length)) {
    const banded = run.filter((i) => weeks[i].low !== null && weeks[i].high !== null);
    if (banded.length > 1) {
      const top = banded.map((i) => `${f(x(i))},${f(y(weeks[i].high!))}`);
      const bottom = banded.reverse().map((i) => `${f(x(i))},${f(y(weeks[i].low!))}`);
      shapes.push(`<polygon points="${[...top, ...bottom].join(' ')}" fill="${BAND}"/>`);
    }
    if (run.length > 1)
      shapes.push(
        `<polyline points="${run.map((i) => `${f(x(i))},${f(y(weeks[i].score!))}`).join(' ')}" fill="none" stroke="${INK}" stroke-width="2.5"/>`,
      );
    for (const i of run) shapes.push(`<circle cx="${f(x(i))}" cy="${f(y(weeks[i].score!))}" r="3.5" fill="${INK}"/>`);
  }
  const zero =
    min < 0 && max > 0
      ? `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="#94a3b8" stroke-dasharray="4 4"/>`
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}"><rect width="100%" height="100%" fill="#ffffff"/>${zero}${shapes.join('')}</svg>`;
}

export const TREND_SIZE = { width: WIDTH, height: HEIGHT };
