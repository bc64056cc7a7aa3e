import { useEffect, useMemo, useRef } from 'react';
import { useParams, useSearchParams } from 'react-router';

import { type Me, useMe } from '../../app/session';
import { useT } from '../../i18n/i18n';
import { Loading } from '../../ui/status';
import { AlertDetail } from './AlertDetail';
import { AlertList } from './AlertList';
import { AlertMetrics } from './AlertMetrics';
import { alertsMessages } from './alerts.messages';
import {
  type Arrival,
  type Caller,
  type InboxView,
  listQueryOf,
  scopesFor,
  searchOfView,
  STATUS_TABS,
  viewFromSearch,
} from './inbox';
import { useAlertMetrics } from './use-inbox';
import { type LiveState, useLiveInbox } from './use-live-inbox';

const callerOf = (me: Me): Caller => ({
  role: me.role,
  user: me.user ? { email: me.user.email, team: me.user.team, role: me.user.role } : null,
});

/**
 * The alerts inbox (/app/alerts, and /app/alerts/:alertId with one open): the queue by status and
 * by whose it is, kept in the URL; the open alert with its answers, history and actions; time to
 * acknowledge and resolve per team. Changes arrive by themselves over the workspace stream.
 */
export function Screen() {
  const me = useMe().data;
  if (!me) return <Loading />;
  return <Inbox me={me} />;
}

function Inbox({ me }: { me: Me }) {
  const t = useT(alertsMessages);
  const [search, setSearch] = useSearchParams();
  const { alertId } = useParams();
  const caller = useMemo(() => callerOf(me), [me]);
  const view = viewFromSearch(search, caller);
  const live = useLiveInbox();
  const polling = live.state === 'polling';
  const metrics = useAlertMetrics(polling);
  const setView = (next: Partial<InboxView>) => setSearch(searchOfView({ ...view, ...next }, caller, search));
  const teams = (metrics.data?.groups ?? []).map((g) => g.key).filter((k): k is string => Boolean(k));
  const keep = search.toString();

  // Back from an alert, focus returns to its row, not to the top of the page.
  const lastOpen = useRef<string | undefined>(alertId);
  useEffect(() => {
    if (!alertId && lastOpen.current) {
      const row = document.querySelector<HTMLElement>(`[data-alert-link="${CSS.escape(lastOpen.current)}"]`);
      // An alert that left this view (resolved from the open tab) has no row: the list's heading then.
      (row ?? document.getElementById('inbox-list-title'))?.focus();
    }
    lastOpen.current = alertId;
  }, [alertId]);

  return (
    <>
      <h1>{t('title')}</h1>
      <div className="filter-bar inbox-controls">
        <div role="group" aria-label={t('statusGroup')} className="segmented">
          {STATUS_TABS.map((s) => (
            <button key={s} type="button" aria-pressed={view.status === s} onClick={() => setView({ status: s })}>
              {t(`tab_${s}`)}
            </button>
          ))}
        </div>
        <div role="group" aria-label={t('scopeGroup')} className="segmented">
          {scopesFor(caller).map((s) => (
            <button key={s} type="button" aria-pressed={view.scope === s} onClick={() => setView({ scope: s })}>
              {t(`scope_${s}`)}
            </button>
          ))}
        </div>
        {view.scope === 'all' && teams.length > 0 && (
          <label>
            <span>{t('teamFilter')}</span>
            <select value={view.team ?? ''} onChange={(e) => setView({ team: e.target.value || undefined })}>
              <option value="">{t('anyTeam')}</option>
              {[...new Set([...teams, ...(view.team ? [view.team] : [])])].map((team) => (
                <option key={team} value={team}>
                  {team}
                </option>
              ))}
            </select>
          </label>
        )}
        <LiveStatus state={live.state} arrival={live.arrival} />
      </div>
      <div className={alertId ? 'inbox with-detail' : 'inbox'}>
        <AlertList query={listQueryOf(view, caller)} polling={polling} selectedId={alertId} search={keep} />
        {alertId && <AlertDetail id={alertId} me={me} polling={polling} search={keep} />}
      </div>
      <AlertMetrics metrics={metrics} />
    </>
  );
}

/** Whether changes arrive by themselves, and a polite live region that says what just arrived or moved. */
function LiveStatus({ state, arrival }: { state: LiveState; arrival: (Arrival & { seq: number }) | null }) {
  const t = useT(alertsMessages);
  const said = (() => {
    if (!arrival) return '';
    if (arrival.kind === 'created')
      return arrival.team ? t('announceCreated', { team: arrival.team }) : t('announceCreatedNoTeam');
    if (arrival.kind === 'moved')
      return t('announceMoved', { customer: arrival.customer, state: t(`state_${arrival.to}`).toLowerCase() });
    return t('announceAssigned', { customer: arrival.customer, assignee: arrival.assignee ?? t('nobody') });
  })();
  const label = state === 'live' ? t('liveOn') : state === 'polling' ? t('livePolling') : t('liveConnecting');
  return (
    <div className="live-status">
      <p className={`live-state ${state}`} data-live-state={state}>
        <span className="dot" aria-hidden="true" /> {label}
      </p>
      <p role="status" aria-live="polite" className="arrival" data-testid="live-arrival">
        {said}
      </p>
    </div>
  );
}
