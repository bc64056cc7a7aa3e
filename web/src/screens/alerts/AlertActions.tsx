import { type FormEvent, useCallback, useId, useRef, useState } from 'react';

import type { Alert, AlertCommand } from '../../api/alerts';
import { can, type Me } from '../../app/session';
import { useT } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/status';
import { alertsMessages } from './alerts.messages';
import { actionsFor, assignableUsers, resolutionCodes } from './inbox';
import { useAlertAction, useResolutionCodes, useWorkspaceUsers } from './use-inbox';

type KnownCode = 'called_back' | 'refund' | 'no_action' | 'could_not_reach';
const KNOWN_CODES: readonly string[] = ['called_back', 'refund', 'no_action', 'could_not_reach'];

/** A resolution code in words: the defaults are translated, a workspace's own codes read as written. */
export function useCodeLabel() {
  const t = useT(alertsMessages);
  return useCallback(
    (code: string) => (KNOWN_CODES.includes(code) ? t(`code_${code as KnownCode}`) : code.replace(/_/g, ' ')),
    [t],
  );
}

/**
 * What can be done to the alert now: only the actions its state accepts (the API's workflow), the
 * workspace's resolution codes when the role may read them, and a user picker when it may list
 * users ("assign to me" always). Refusals are shown in the API's words.
 */
export function AlertActions({ alert, me }: { alert: Alert; me: Me }) {
  const t = useT(alertsMessages);
  const codeLabel = useCodeLabel();
  const id = useId();
  const act = useAlertAction(alert.id);
  const settings = useResolutionCodes(can(me, 'settings:read'));
  const users = useWorkspaceUsers(can(me, 'users:read'));
  const codes = resolutionCodes(settings.data);
  const allowed = actionsFor(alert.status);
  const heading = useRef<HTMLHeadingElement>(null);
  const [done, setDone] = useState<AlertCommand['action'] | null>(null);
  const [code, setCode] = useState('');
  const [resolveNote, setResolveNote] = useState('');
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const mine = me.user?.email ?? null;

  const run = (command: AlertCommand, after?: () => void) => {
    setDone(null);
    act.mutate(command, {
      onSuccess: () => {
        setDone(command.action);
        after?.();
        // The button just used may be gone (an acknowledged alert offers no "Acknowledge"): keep focus here.
        heading.current?.focus();
      },
    });
  };
  const submit = (e: FormEvent, command: AlertCommand, after?: () => void) => {
    e.preventDefault();
    run(command, after);
  };
  const busy = act.isPending;
  const chosenCode = codes.includes(code) ? code : (codes[0] ?? '');
  const otherUsers = assignableUsers(users.data ?? [], { assignee: alert.assignee, team: alert.context.team });

  return (
    <section className="alert-actions" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t('actions')}
      </h3>
      <p role="status" className="done">
        {done ? t(`done_${done}`) : ''}
      </p>
      {act.error && <ProblemNotice error={act.error} />}
      <div className="action-row">
        {allowed.includes('acknowledge') && (
          <button type="button" className="primary" disabled={busy} onClick={() => run({ action: 'acknowledge' })}>
            {t('acknowledge')}
          </button>
        )}
        {allowed.includes('assign') && mine && alert.assignee?.toLowerCase() !== mine.toLowerCase() && (
          <button type="button" disabled={busy} onClick={() => run({ action: 'assign', assignee: mine })}>
            {t('assignToMe')}
          </button>
        )}
        {allowed.includes('reopen') && (
          <button type="button" disabled={busy} onClick={() => run({ action: 'reopen' })}>
            {t('reopen')}
          </button>
        )}
      </div>

      {allowed.includes('resolve') && (
        <form
          className="action-form"
          onSubmit={(e) =>
            submit(
              e,
              { action: 'resolve', code: chosenCode, ...(resolveNote.trim() ? { note: resolveNote } : {}) },
              () => setResolveNote(''),
            )
          }
        >
          <label>
            <span>{t('resolutionCode')}</span>
            <select value={chosenCode} onChange={(e) => setCode(e.target.value)}>
              {codes.map((c) => (
                <option key={c} value={c}>
                  {codeLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('noteOptional')}</span>
            <input type="text" value={resolveNote} maxLength={4000} onChange={(e) => setResolveNote(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t('resolve')}
          </button>
        </form>
      )}

      {allowed.includes('assign') && users.data && (
        <form
          className="action-form"
          onSubmit={(e) => submit(e, { action: 'assign', assignee: assignee || null }, () => setAssignee(''))}
        >
          <label>
            <span>{t('assignTo')}</span>
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              {alert.assignee && <option value="">{t('nobody')}</option>}
              {!alert.assignee && (
                <option value="" disabled>
                  {t('choose')}
                </option>
              )}
              {otherUsers.map((u) => (
                <option key={u.id} value={u.email}>
                  {u.name ? `${u.name} <${u.email}>` : u.email}
                  {u.team ? ` · ${u.team}` : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || (!alert.assignee && !assignee)}>
            {t('assign')}
          </button>
        </form>
      )}

      <form className="action-form" onSubmit={(e) => submit(e, { action: 'notes', note }, () => setNote(''))}>
        <label className="grow">
          <span>{t('note')}</span>
          <textarea value={note} rows={2} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !note.trim()}>
          {t('addNote')}
        </button>
      </form>
    </section>
  );
}
