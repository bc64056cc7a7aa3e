/**
 * The inbox's rules, pure so that they are tested without a browser: what the URL holds, which
 * query that makes, which actions a state allows, and how ages and durations read.
 */
import type { AlertListQuery, AlertStatus, ListedAlert } from '../../api/alerts';
import { intlLocale } from '../../i18n/format';
import type { Locale } from '../../i18n/locales';

export const STATUS_TABS = ['open', 'acknowledged', 'resolved', 'all'] as const;
export type StatusTab = (typeof STATUS_TABS)[number];

/** Whose alerts: assigned to me, my team's, or every one the role lets me see. */
export const SCOPES = ['mine', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export interface InboxView {
  status: StatusTab;
  scope: Scope;
  /** Only with scope `all`: one team's alerts. */
  team?: string;
}

/** The part of GET /v1/me the inbox reads. */
export interface Caller {
  role: string;
  user: { email: string; team: string | null; role: string } | null;
}

/**
 * The scopes this caller can choose: "mine" needs a person (an API key has no address), "my team"
 * a team; everyone but an agent may see all (for an agent the API narrows to their team anyway,
 * so "all" would promise more than it shows).
 */
export function scopesFor(me: Caller): Scope[] {
  const scopes: Scope[] = [];
  if (me.user) scopes.push('mine');
  if (me.user?.team) scopes.push('team');
  if (me.user?.role !== 'agent') scopes.push('all');
  return scopes.length ? scopes : ['all'];
}

/** An agent starts on their team's queue, everyone else on the whole workspace's. */
export function defaultScope(me: Caller): Scope {
  const scopes = scopesFor(me);
  return me.user?.role === 'agent' && scopes.includes('team') ? 'team' : (scopes.at(-1) ?? 'all');
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): v is T =>
  v !== null && (values as readonly string[]).includes(v);

/** The view in the URL; anything the caller cannot choose falls back to their default. */
export function viewFromSearch(search: URLSearchParams, me: Caller): InboxView {
  const status = search.get('status');
  const scope = search.get('scope');
  const view: InboxView = {
    status: oneOf(STATUS_TABS, status) ? status : 'open',
    scope: oneOf(SCOPES, scope) && scopesFor(me).includes(scope) ? scope : defaultScope(me),
  };
  const team = search.get('team')?.trim();
  if (view.scope === 'all' && team) view.team = team.slice(0, 200);
  return view;
}

/** The URL's query for a view; defaults are left out so links stay short, other keys are kept. */
export function searchOfView(view: InboxView, me: Caller, keep?: URLSearchParams): URLSearchParams {
  const s = new URLSearchParams(keep);
  for (const k of ['status', 'scope', 'team']) s.delete(k);
  if (view.status !== 'open') s.set('status', view.status);
  if (view.scope !== defaultScope(me)) s.set('scope', view.scope);
  if (view.scope === 'all' && view.team) s.set('team', view.team);
  return s;
}

/** GET /v1/alerts's query for the view. */
export function listQueryOf(view: InboxView, me: Caller): AlertListQuery {
  const q: AlertListQuery = { limit: 50 };
  if (view.status !== 'all') q.status = view.status;
  if (view.scope === 'mine' && me.user) q.assignee = me.user.email;
  if (view.scope === 'team' && me.user?.team) q.team = me.user.team;
  if (view.scope === 'all' && view.team) q.team = view.team;
  return q;
}

export type AlertActionName = 'acknowledge' | 'resolve' | 'reopen' | 'assign' | 'note';

// The API's workflow (src/alerts/workflow.ts, ALLOWED_FROM): only offer what it would accept.
const ALLOWED_FROM: Record<AlertActionName, readonly AlertStatus[]> = {
  acknowledge: ['open'],
  resolve: ['open', 'acknowledged'],
  reopen: ['acknowledged', 'resolved'],
  assign: ['open', 'acknowledged'],
  note: ['open', 'acknowledged', 'resolved'],
};

/** The actions an alert in this state accepts, in the order the detail offers them. */
export function actionsFor(status: AlertStatus): AlertActionName[] {
  return (Object.keys(ALLOWED_FROM) as AlertActionName[]).filter((a) => ALLOWED_FROM[a].includes(status));
}

/** The codes the API's default list has; a workspace may set its own (GET /v1/settings/alerts). */
export const DEFAULT_RESOLUTION_CODES = ['called_back', 'refund', 'no_action', 'could_not_reach'] as const;

/** The codes to offer: the workspace's when the role may read them, else the API's defaults. */
export function resolutionCodes(workspace: readonly string[] | undefined): string[] {
  return workspace?.length ? [...workspace] : [...DEFAULT_RESOLUTION_CODES];
}

const SCORE_ORDER = ['nps', 'csat', 'ces'];

/**
 * The score that raised the alert ("NPS 3"), NPS before CSAT before CES when several did (the one a
 * CX team reads first), or null for an alert raised by a comment's words alone.
 */
export function scoreOf(alert: Pick<ListedAlert, 'matches'>): { type: string; value: number } | null {
  const scores = alert.matches.flatMap((m) => (m.kind === 'score' ? [m] : []));
  const rank = (type: string) => (SCORE_ORDER.includes(type) ? SCORE_ORDER.indexOf(type) : SCORE_ORDER.length);
  const best = scores.sort((a, b) => rank(a.type) - rank(b.type))[0];
  return best ? { type: best.type, value: best.value } : null;
}

/** A response's answers with the scores first (NPS, CSAT, CES), then the rest in the order given. */
export function orderedAnswers<T extends { questionType: string }>(answers: readonly T[]): T[] {
  const rank = (type: string) => (SCORE_ORDER.includes(type) ? SCORE_ORDER.indexOf(type) : SCORE_ORDER.length);
  return [...answers].sort((a, b) => rank(a.questionType) - rank(b.questionType));
}

/** The first `max` characters of a comment, cut at a word and marked with an ellipsis. */
export function excerpt(text: string | null | undefined, max = 90): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:–-]+$/, '')}…`;
}

export type AgeUnit = 'minute' | 'hour' | 'day' | 'week';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An age in the one unit a person reads at a glance: minutes up to an hour, hours up to two days, then days, then weeks. */
export function ageOf(ms: number): { value: number; unit: AgeUnit } {
  const t = Math.max(0, ms);
  if (t < HOUR) return { value: Math.floor(t / MINUTE), unit: 'minute' };
  if (t < 2 * DAY) return { value: Math.floor(t / HOUR), unit: 'hour' };
  if (t < 14 * DAY) return { value: Math.floor(t / DAY), unit: 'day' };
  return { value: Math.floor(t / (7 * DAY)), unit: 'week' };
}

/** "3 hrs", "3 t", "3 tim": an alert's age since `fromIso`, in the reader's language. */
export function formatAge(locale: Locale, fromIso: string, now: Date): string {
  const { value, unit } = ageOf(now.getTime() - Date.parse(fromIso));
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

/**
 * A duration of whole seconds in its two largest units ("1 hr 20 min", "2 days 3 hrs"), the way
 * the metrics table reads; null (no alert measured yet) is a dash.
 */
export function formatDuration(locale: Locale, seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const units: Array<[Intl.NumberFormatOptions['unit'], number]> = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (parts.length === 0 && size === 1)) {
      parts.push(new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'short' }).format(n));
      rest -= n * size;
    }
    if (parts.length === 2 || (parts.length === 1 && rest === 0)) break;
  }
  return parts.join(' ');
}

/** Where focus goes in the list on a key: arrows step, Home and End jump; null for any other key. */
export function nextRow(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return Math.min(count - 1, index + 1);
  if (key === 'ArrowUp') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/** An `alert` event of GET /v1/live, as the stream sends it. */
export interface LiveAlertEvent {
  id: string;
  change: 'created' | 'updated';
  status: AlertStatus;
  assignee: string | null;
  team: string | null;
}

/** Reads an `alert` event's data; anything malformed is null (the inbox then just refetches). */
export function parseLiveAlert(data: string): LiveAlertEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const statuses: readonly string[] = ['open', 'acknowledged', 'resolved'];
  if (typeof o.id !== 'string' || (o.change !== 'created' && o.change !== 'updated')) return null;
  if (typeof o.status !== 'string' || !statuses.includes(o.status)) return null;
  return {
    id: o.id,
    change: o.change,
    status: o.status as AlertStatus,
    assignee: typeof o.assignee === 'string' ? o.assignee : null,
    team: typeof o.team === 'string' ? o.team : null,
  };
}

/** What the live region says about an event, given what the screen showed before it. */
export type Arrival =
  | { kind: 'created'; team: string | null }
  | { kind: 'moved'; customer: string; from: AlertStatus; to: AlertStatus }
  | { kind: 'assigned'; customer: string; assignee: string | null }
  | null;

/**
 * Turns a live event into an announcement: a new alert, or a move of one the screen shows. A change
 * the screen already shows (our own action, echoed) says nothing.
 */
export function arrivalOf(
  event: LiveAlertEvent,
  known: Pick<ListedAlert, 'status' | 'assignee' | 'contact'> | undefined,
): Arrival {
  if (event.change === 'created') return known ? null : { kind: 'created', team: event.team };
  // Changes to alerts off screen (another team's, another tab's) would only be noise.
  if (!known) return null;
  const customer = customerName(known);
  if (known.status !== event.status) return { kind: 'moved', customer, from: known.status, to: event.status };
  if (known.assignee !== event.assignee) return { kind: 'assigned', customer, assignee: event.assignee };
  return null;
}

/** Who may be given an alert: people who can act on it (not analysts), not its current holder; its team's first. */
export function assignableUsers<U extends { email: string; name: string | null; role: string; team: string | null }>(
  users: readonly U[],
  alert: { assignee: string | null; team: string | null },
): U[] {
  const holder = alert.assignee?.toLowerCase();
  const team = alert.team?.toLowerCase();
  const ownTeam = (u: U) => (team && u.team?.toLowerCase() === team ? 0 : 1);
  return users
    .filter((u) => u.role !== 'analyst' && u.email.toLowerCase() !== holder)
    .sort((a, b) => ownTeam(a) - ownTeam(b) || (a.name ?? a.email).localeCompare(b.name ?? b.email));
}

/** The person to call back, by the best name we have. */
export function customerName(alert: Pick<ListedAlert, 'contact'>): string {
  return alert.contact.name ?? alert.contact.email ?? alert.contact.phone ?? alert.contact.externalId;
}
