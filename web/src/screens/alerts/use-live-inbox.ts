import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { type Arrival, arrivalOf, parseLiveAlert } from './inbox';
import { ALERTS_KEY, knownAlert } from './use-inbox';

/** `live`: the stream is open; `connecting`: opening or reconnecting; `polling`: the stream refused us, the lists poll. */
export type LiveState = 'connecting' | 'live' | 'polling';

/** Events in a burst (a batch of answers raising many alerts) become one refetch. */
const COALESCE_MS = 150;
/** A refused stream (not deployed, session gone) is tried again this often while the inbox polls. */
const RETRY_REFUSED_MS = 60_000;

/**
 * The workspace stream (GET /v1/live, same origin, the session cookie goes with it): every `alert`
 * event refetches the inbox's queries and says what arrived or moved in a polite live region; a
 * `resync`, or a `ready` after a reconnect (missed events are not replayed), refetches too.
 */
export function useLiveInbox(): { state: LiveState; arrival: (Arrival & { seq: number }) | null } {
  const queries = useQueryClient();
  // A browser without EventSource polls from the start.
  const [state, setState] = useState<LiveState>(() => (typeof EventSource === 'undefined' ? 'polling' : 'connecting'));
  const [arrival, setArrival] = useState<(Arrival & { seq: number }) | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    let seq = 0;
    const refetch = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void queries.invalidateQueries({ queryKey: ALERTS_KEY });
      }, COALESCE_MS);
    };
    const source = new EventSource('/v1/live');
    source.addEventListener('ready', () => {
      if (opened) refetch();
      opened = true;
      setState('live');
    });
    source.addEventListener('alert', (e) => {
      const event = parseLiveAlert((e as MessageEvent<string>).data);
      if (event) {
        const said = arrivalOf(event, knownAlert(queries, event.id));
        if (said) setArrival({ ...said, seq: ++seq });
      }
      refetch();
    });
    source.addEventListener('resync', refetch);
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return setState('connecting');
      setState('polling');
      retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_REFUSED_MS);
    };
    return () => {
      source.close();
      clearTimeout(timer);
      clearTimeout(retry);
    };
  }, [queries, attempt]);

  return { state, arrival };
}
