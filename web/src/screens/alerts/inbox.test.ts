import { describe, expect, it } from 'vitest';

import type { ListedAlert } from '../../api/alerts';
import {
  actionsFor,
  ageOf,
  arrivalOf,
  assignableUsers,
  type Caller,
  defaultScope,
  excerpt,
  formatAge,
  formatDuration,
  listQueryOf,
  nextRow,
  orderedAnswers,
  parseLiveAlert,
  resolutionCodes,
  scopesFor,
  scoreOf,
  searchOfView,
  viewFromSearch,
} from './inbox';

const agent: Caller = { role: 'agent', user: { email: 'aino@acme.fi', team: 'Support', role: 'agent' } };
const admin: Caller = { role: 'admin', user: { email: 'lea@acme.fi', team: null, role: 'admin' } };
const key: Caller = { role: 'key:admin', user: null };
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('whose alerts a caller can choose', () => {
  it('gives an agent their own and their team’s, never “all”', () => {
    expect(scopesFor(agent)).toEqual(['mine', 'team']);
    expect(defaultScope(agent)).toBe('team');
  });
  it('gives an admin without a team their own and all, starting on all', () => {
    expect(scopesFor(admin)).toEqual(['mine', 'all']);
    expect(defaultScope(admin)).toBe('all');
  });
  it('gives an API key only all (a key has no address to be assigned)', () => expect(scopesFor(key)).toEqual(['all']));
});

describe('the view in the URL', () => {
  it('reads status, scope and team, falling back to what the caller may choose', () => {
    expect(viewFromSearch(new URLSearchParams('status=resolved&scope=mine'), agent)).toEqual({
      status: 'resolved',
      scope: 'mine',
    });
    expect(viewFromSearch(new URLSearchParams('status=bogus&scope=all&team=Billing'), agent)).toEqual({
      status: 'open',
      scope: 'team',
    });
    expect(viewFromSearch(new URLSearchParams('scope=all&team=Billing'), admin)).toEqual({
      status: 'open',
      scope: 'all',
      team: 'Billing',
    });
  });
  it('writes only what differs from the defaults and keeps the keys it does not own', () => {
    const s = searchOfView({ status: 'open', scope: 'team' }, agent, new URLSearchParams('tz=Europe/Helsinki&team=x'));
    expect(s.toString()).toBe('tz=Europe%2FHelsinki');
    expect(searchOfView({ status: 'all', scope: 'all', team: 'Billing' }, admin).toString()).toBe(
      'status=all&team=Billing',
    );
  });
  it('round-trips', () => {
    const view = { status: 'acknowledged', scope: 'mine' } as const;
    expect(viewFromSearch(searchOfView(view, admin), admin)).toEqual(view);
  });
});

describe('the list’s query', () => {
  it('asks for my address, my team, or the chosen team', () => {
    expect(listQueryOf({ status: 'open', scope: 'mine' }, agent)).toEqual({
      limit: 50,
      status: 'open',
      assignee: 'aino@acme.fi',
    });
    expect(listQueryOf({ status: 'open', scope: 'team' }, agent)).toEqual({
      limit: 50,
      status: 'open',
      team: 'Support',
    });
    expect(listQueryOf({ status: 'all', scope: 'all', team: 'Billing' }, admin)).toEqual({
      limit: 50,
      team: 'Billing',
    });
  });
});

describe('which actions a state allows (as the API’s workflow)', () => {
  it('follows the transition table', () => {
    expect(actionsFor('open')).toEqual(['acknowledge', 'resolve', 'assign', 'note']);
    expect(actionsFor('acknowledged')).toEqual(['resolve', 'reopen', 'assign', 'note']);
    expect(actionsFor('resolved')).toEqual(['reopen', 'note']);
  });
  it('offers the workspace’s codes, else the API’s defaults', () => {
    expect(resolutionCodes(undefined)).toEqual(['called_back', 'refund', 'no_action', 'could_not_reach']);
    expect(resolutionCodes(['fixed'])).toEqual(['fixed']);
  });
});

describe('ages and durations', () => {
  it('reads an age in one unit', () => {
    expect(ageOf(-5_000)).toEqual({ value: 0, unit: 'minute' });
    expect(ageOf(59 * MIN)).toEqual({ value: 59, unit: 'minute' });
    expect(ageOf(3 * HOUR + 20 * MIN)).toEqual({ value: 3, unit: 'hour' });
    expect(ageOf(47 * HOUR)).toEqual({ value: 47, unit: 'hour' });
    expect(ageOf(2 * DAY)).toEqual({ value: 2, unit: 'day' });
    expect(ageOf(20 * DAY)).toEqual({ value: 2, unit: 'week' });
  });
  it('writes it in the reader’s language', () => {
    const now = new Date('2025-12-04T12:00:00Z');
    const at = new Date(now.getTime() - 3 * HOUR).toISOString();
    expect(formatAge('en', at, now)).toMatch(/^3\shrs?$/);
    expect(formatAge('fi', at, now)).toMatch(/^3\st$/);
    expect(formatAge('sv', at, now)).toMatch(/^3\stim$/);
  });
  it('writes a duration in its two largest units', () => {
    expect(formatDuration('en', null)).toBe('–');
    expect(formatDuration('en', 0)).toMatch(/^0\ssecs$/);
    expect(formatDuration('en', 45)).toMatch(/^45\ssecs$/);
    expect(formatDuration('en', 3600)).toMatch(/^1\shr$/);
    expect(formatDuration('en', 4830)).toMatch(/^1\shr 20\smins$/);
    expect(formatDuration('en', 2 * 86_400 + 3 * 3600 + 59)).toMatch(/^2\sdays 3\shrs$/);
    expect(formatDuration('fi', 4830)).toMatch(/^1\st 20\smin$/);
  });
});

describe('the list and its rows', () => {
  const score = { kind: 'score', perQuestion: false, range: { min: 0, max: 6 } } as const;
  it('shows the score that raised an alert (NPS first), none for a comment’s words alone', () => {
    expect(
      scoreOf({
        matches: [
          { kind: 'keyword', keyword: 'cancel', questionIds: ['why'], reason: 'comment mentions "cancel"' },
          { ...score, questionId: 'ces', type: 'ces', value: 2, reason: 'CES 2 (1–3)' },
          { ...score, questionId: 'q1', type: 'nps', value: 3, reason: 'NPS 3 (0–6)' },
        ],
      }),
    ).toEqual({ type: 'nps', value: 3 });
    expect(scoreOf({ matches: [] })).toBeNull();
  });
  it('lists the scores first, NPS before CSAT before CES', () => {
    const types = ['ces', 'text', 'csat', 'yes_no', 'nps'].map((questionType) => ({ questionType }));
    expect(orderedAnswers(types).map((a) => a.questionType)).toEqual(['nps', 'csat', 'ces', 'text', 'yes_no']);
  });
  it('cuts a long comment at a word', () => {
    expect(excerpt('  short\n comment ')).toBe('short comment');
    expect(excerpt('The queue time was far too long, and nobody called back', 30)).toBe('The queue time was far too…');
    expect(excerpt(null)).toBe('');
  });
  it('moves focus with the arrows, Home and End, and stays inside', () => {
    expect(nextRow('ArrowDown', 0, 3)).toBe(1);
    expect(nextRow('ArrowDown', 2, 3)).toBe(2);
    expect(nextRow('ArrowUp', 0, 3)).toBe(0);
    expect(nextRow('End', 0, 3)).toBe(2);
    expect(nextRow('Home', 2, 3)).toBe(0);
    expect(nextRow('a', 1, 3)).toBeNull();
    expect(nextRow('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('whom an alert can be assigned to', () => {
  const u = (email: string, role: string, team: string | null, name: string | null = null) => ({
    email,
    role,
    team,
    name,
  });
  it('offers people who can act, not its holder, its own team first', () => {
    const users = [
      u('olli@acme.fi', 'analyst', null),
      u('bea@acme.fi', 'agent', 'Billing', 'Bea'),
      u('lea@acme.fi', 'admin', null, 'Lea'),
      u('aino@acme.fi', 'agent', 'Support', 'Aino'),
      u('sami@acme.fi', 'agent', 'support', 'Sami'),
    ];
    expect(assignableUsers(users, { assignee: 'SAMI@acme.fi', team: 'Support' }).map((x) => x.email)).toEqual([
      'aino@acme.fi',
      'bea@acme.fi',
      'lea@acme.fi',
    ]);
  });
});

describe('live events', () => {
  const known = {
    status: 'open',
    assignee: null,
    contact: { id: 'c', externalId: 'cust-1', name: 'Matti M', email: null, phone: null },
  } satisfies Pick<ListedAlert, 'status' | 'assignee' | 'contact'>;

  it('reads the stream’s alert event and refuses anything else', () => {
    expect(
      parseLiveAlert('{"id":"a1","change":"updated","status":"resolved","assignee":null,"team":"Support"}'),
    ).toEqual({
      id: 'a1',
      change: 'updated',
      status: 'resolved',
      assignee: null,
      team: 'Support',
    });
    expect(parseLiveAlert('not json')).toBeNull();
    expect(parseLiveAlert('{"id":"a1","change":"updated","status":"closed"}')).toBeNull();
  });
  it('announces arrivals and moves, but not what the screen already shows', () => {
    const ev = { id: 'a1', assignee: null, team: 'Support' };
    expect(arrivalOf({ ...ev, change: 'created', status: 'open' }, undefined)).toEqual({
      kind: 'created',
      team: 'Support',
    });
    expect(arrivalOf({ ...ev, change: 'updated', status: 'resolved' }, known)).toEqual({
      kind: 'moved',
      customer: 'Matti M',
      from: 'open',
      to: 'resolved',
    });
    expect(arrivalOf({ ...ev, change: 'updated', status: 'open', assignee: 'aino@acme.fi' }, known)).toEqual({
      kind: 'assigned',
      customer: 'Matti M',
      assignee: 'aino@acme.fi',
    });
    expect(arrivalOf({ ...ev, change: 'updated', status: 'open' }, known)).toBeNull();
    expect(arrivalOf({ ...ev, change: 'updated', status: 'resolved' }, undefined)).toBeNull();
    expect(arrivalOf({ ...ev, change: 'created', status: 'open' }, known)).toBeNull();
  });
});
