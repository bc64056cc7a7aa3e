import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';

import { api, ok } from '../api/client';
import { getScores } from '../api/scores';
import { can, useMe } from '../app/session';
import { useT } from '../i18n/i18n';
import { CHANNELS, type Filters, PERIODS, rangeOf, type Slice, SLICES } from './filters';
import { filterMessages } from './filters.messages';
import { browserZone, useFilters } from './use-filters';

const ZONES = ['UTC', 'Europe/Helsinki', 'Europe/Stockholm', 'Europe/Oslo', 'Europe/London'];

/** The values a slice takes in the period, read from the scores grouped by it (what has answers can be chosen). */
function useSliceValues(slice: Slice, filters: Filters, enabled: boolean) {
  const r = rangeOf({ ...filters, period: filters.period }, new Date());
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return useQuery({
    queryKey: ['slice-values', slice, filters.period, day(r.from), filters.campaignId ?? ''],
    enabled,
    staleTime: 300_000,
    queryFn: async () => {
      const report = await getScores({
        from: r.from.toISOString(),
        to: r.to.toISOString(),
        groupBy: SLICES[slice],
        ...(filters.campaignId ? { campaignId: filters.campaignId } : {}),
      });
      return (report.groups ?? [])
        .map((g) => g.key[SLICES[slice]])
        .filter((v): v is string => Boolean(v))
        .sort((a, b) => a.localeCompare(b));
    },
  });
}

/** One filter bar for every screen; what it holds lives in the URL (use-filters.ts). */
export function FilterBar({ slices = ['team', 'agent', 'touchpoint'] }: { slices?: Slice[] }) {
  const t = useT(filterMessages);
  const [filters, update] = useFilters();
  const me = useMe();
  const id = useId();
  const seesCampaigns = can(me.data, 'campaigns:read');
  const campaigns = useQuery({
    queryKey: ['campaigns', 'names'],
    enabled: seesCampaigns,
    staleTime: 300_000,
    queryFn: () => ok(api.GET('/v1/campaigns', { params: { query: { limit: 500 } } })),
  });
  const campaignList = campaigns.data?.data ?? [];
  const zones = [...new Set([filters.tz, browserZone(), ...ZONES])];

  return (
    <form className="filter-bar" aria-label={t('bar')} onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>{t('period')}</span>
        <select value={filters.period} onChange={(e) => update({ period: e.target.value as Filters['period'] })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(p)}
            </option>
          ))}
        </select>
      </label>
      {filters.period === 'custom' && (
        <>
          <label>
            <span>{t('from')}</span>
            <input type="date" value={filters.from ?? ''} onChange={(e) => update({ from: e.target.value })} />
          </label>
          <label>
            <span>{t('to')}</span>
            <input type="date" value={filters.to ?? ''} onChange={(e) => update({ to: e.target.value })} />
          </label>
        </>
      )}
      {seesCampaigns && (
        <label>
          <span>{t('campaign')}</span>
          <select
            value={filters.campaignId ?? ''}
            onChange={(e) => update({ campaignId: e.target.value || undefined })}
          >
            <option value="">{t('all')}</option>
            {campaignList.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {/* A location arrives in links from the breakdowns; shown while set, so it can be seen and cleared. */}
      {[...slices, ...(filters.location && !slices.includes('location') ? (['location'] as const) : [])].map(
        (slice) => (
          <SliceSelect key={slice} slice={slice} filters={filters} update={update} idPrefix={id} />
        ),
      )}
      <label>
        <span>{t('channel')}</span>
        <select value={filters.channel ?? ''} onChange={(e) => update({ channel: e.target.value || undefined })}>
          <option value="">{t('all')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('tz')}</span>
        <select value={filters.tz} onChange={(e) => update({ tz: e.target.value })}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="link"
        onClick={() =>
          update({
            period: '30d',
            from: undefined,
            to: undefined,
            campaignId: undefined,
            team: undefined,
            agent: undefined,
            touchpoint: undefined,
            location: undefined,
            channel: undefined,
          })
        }
      >
        {t('reset')}
      </button>
    </form>
  );
}

function SliceSelect(props: {
  slice: Slice;
  filters: Filters;
  update: (next: Partial<Filters>) => void;
  idPrefix: string;
}) {
  const { slice, filters, update } = props;
  const t = useT(filterMessages);
  const me = useMe();
  // An agent's scores are their team's: the API narrows them, so the bar shows the team and offers no other.
  const ownTeam = slice === 'team' && me.data?.user?.role === 'agent' ? me.data.user.team : null;
  const values = useSliceValues(slice, filters, !ownTeam);
  const current = filters[slice as keyof Filters] as string | undefined;
  const options = [...new Set([...(values.data ?? []), ...(current ? [current] : [])])];
  if (ownTeam)
    return (
      <label>
        <span>{t('team')}</span>
        <select value={ownTeam} disabled>
          <option value={ownTeam}>{ownTeam}</option>
        </select>
      </label>
    );
  return (
    <label>
      <span>{t(slice)}</span>
      <select value={current ?? ''} onChange={(e) => update({ [slice]: e.target.value || undefined })}>
        <option value="">{t('all')}</option>
        {options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}
