/**
 * The filter bar's state lives in the URL (so a link shows a colleague the same view) and turns
 * into the API's query parameters here. Pure: the screens and their tests share it.
 */
export const PERIODS = ['7d', '30d', '90d', '12m', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export const CHANNELS = ['email', 'sms', 'voice'] as const;

/** The journey properties the CRM sends that people slice by; each is a snapshot dimension of the scores. */
export const SLICES = {
  team: 'properties.team',
  agent: 'properties.agent',
  touchpoint: 'properties.touchpoint',
  location: 'properties.location',
} as const;
export type Slice = keyof typeof SLICES;

export interface Filters {
  period: Period;
  /** Only for `custom`: yyyy-mm-dd, both inclusive, in `tz`. */
  from?: string;
  to?: string;
  campaignId?: string;
  team?: string;
  agent?: string;
  touchpoint?: string;
  /** Arrives in links (a breakdown by location opens that location's responses). */
  location?: string;
  channel?: string;
  tz: string;
}

/** The URL keys the filter bar owns; a screen's own keys (sort, search) sit beside them. */
export const FILTER_KEYS = [
  'period',
  'from',
  'to',
  'campaignId',
  'team',
  'agent',
  'touchpoint',
  'location',
  'channel',
  'tz',
] as const;

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromSearch(search: URLSearchParams, defaultTz = 'UTC'): Filters {
  const period = (PERIODS as readonly string[]).includes(search.get('period') ?? '')
    ? (search.get('period') as Period)
    : '30d';
  const text = (k: string) => {
    const v = search.get(k)?.trim();
    return v ? v.slice(0, 200) : undefined;
  };
  const f: Filters = { period, tz: text('tz') ?? defaultTz };
  for (const k of ['campaignId', 'team', 'agent', 'touchpoint', 'location', 'channel'] as const) {
    const v = text(k);
    if (v) f[k] = v;
  }
  if (period === 'custom') {
    const from = text('from');
    const to = text('to');
    if (from && DATE.test(from)) f.from = from;
    if (to && DATE.test(to)) f.to = to;
  }
  return f;
}

/** The URL's query for these filters; defaults are left out so links stay short. */
export function searchOf(f: Filters, defaultTz = 'UTC'): URLSearchParams {
  const s = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (!v || (k === 'period' && v === '30d') || (k === 'tz' && v === defaultTz)) continue;
    if ((k === 'from' || k === 'to') && f.period !== 'custom') continue;
    s.set(k, v);
  }
  return s;
}

/** Midnight of a calendar date in a time zone, as an instant (no library: Intl gives the zone's offset). */
export function startOfDayIn(date: string, timeZone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(guess.getTime() - (asUtc - guess.getTime()));
}

export interface Range {
  from: Date;
  to: Date;
}

/** The period as [from, to): presets end now; a custom range covers whole days in `tz`. */
export function rangeOf(f: Filters, now: Date): Range {
  if (f.period === 'custom' && f.from && f.to && f.from <= f.to) {
    const next = new Date(startOfDayIn(f.to, 'UTC').getTime() + DAY).toISOString().slice(0, 10);
    return { from: startOfDayIn(f.from, f.tz), to: startOfDayIn(next, f.tz) };
  }
  const days = { '7d': 7, '30d': 30, '90d': 90, '12m': 365, custom: 30 }[f.period];
  return { from: new Date(now.getTime() - days * DAY), to: now };
}

/** The period of the same length just before: what "the change against the previous period" compares with. */
export function previousRange(r: Range): Range {
  const length = r.to.getTime() - r.from.getTime();
  return { from: new Date(r.from.getTime() - length), to: r.from };
}

/** The trend's step: days for short periods, weeks up to a quarter, months beyond. */
export function intervalOf(r: Range): 'day' | 'week' | 'month' {
  const days = (r.to.getTime() - r.from.getTime()) / DAY;
  return days <= 31 ? 'day' : days <= 120 ? 'week' : 'month';
}

/** The slices and filters as the score routes' `where`: campaign, channel and snapshot dimensions. */
export function whereOf(f: Filters): Record<string, string> {
  const where: Record<string, string> = {};
  if (f.campaignId) where.campaignId = f.campaignId;
  if (f.channel) where.channel = f.channel;
  for (const slice of Object.keys(SLICES) as Slice[]) {
    const v = f[slice as keyof Filters];
    if (v) where[SLICES[slice]] = v;
  }
  return where;
}

/** GET /v1/scores's query for the filters. */
export function scoresQueryOf(f: Filters, now: Date, extra: Record<string, string> = {}): Record<string, string> {
  const r = rangeOf(f, now);
  return { ...whereOf(f), from: r.from.toISOString(), to: r.to.toISOString(), tz: f.tz, ...extra };
}
