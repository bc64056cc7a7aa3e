import { PNG } from 'pngjs';

import { TREND_SIZE, trendSvg, type TrendWeek } from './digest-trend';
import { svgToPng } from './trend-png';

const week = (i: number, score: number | null, half = 20): TrendWeek => ({
  weekStart: `2026-10-${String(5 + 7 * i).padStart(2, '0')}`,
  score,
  low: score === null ? null : score - half,
  high: score === null ? null : score + half,
  n: score === null ? 0 : 100,
});

describe('the digest trend picture', () => {
  it('draws a band, a line and a dot per answered week, and breaks the line at a week without answers', () => {
    const svg = trendSvg([week(0, 10), week(1, 20), week(2, null), week(3, 30), week(4, 40)]);
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<polygon/g)).toHaveLength(2);
    expect(svg).not.toMatch(/<text/);
  });

  it('renders as a PNG whose pixels show the interval band and the line where the figures put them', async () => {
    const weeks = [week(0, 0, 50), week(1, 0, 50), week(2, 0, 50)];
    // Decoded by pngjs, an implementation independent of the renderer.
    const png = PNG.sync.read(await svgToPng(trendSvg(weeks)));
    expect([png.width, png.height]).toEqual([TREND_SIZE.width, TREND_SIZE.height]);
    const rgb = (x: number, y: number) => {
      const i = (png.width * y + x) * 4;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    };
    // Scale −100…100 over 130 px from y = 10: the score 0 at y = 75, its band −50…50 from y = 42 to 107.
    const mid = Math.round(TREND_SIZE.width / 4);
    expect(rgb(mid, 75)).toEqual([29, 78, 216]);
    expect(rgb(mid, 55)).toEqual([219, 228, 251]);
    expect(rgb(mid, 95)).toEqual([219, 228, 251]);
    expect(rgb(mid, 20)).toEqual([255, 255, 255]);
    expect(rgb(mid, 135)).toEqual([255, 255, 255]);
  });
});
