import type { CallingWindow } from './calling-window';
import type { Channel } from './channel';
import type { HolidayCalendar } from './holidays';
import type { SendingWindow } from './sending-window';
import type { ThrottleCaps } from './throttle';
import type { FilterClause } from './trigger-filter';

/** A campaign's life cycle: only an active campaign surveys anyone. */
export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;

/** Where a campaign is in its life cycle. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** What matching and dispatch need from a campaign; kept in memory per workspace. */
export interface CampaignRule {
  id: string;
  name: string;
  status: CampaignStatus;
  eventType: string;
  filter: FilterClause[];
  channels: Channel[];
  delayMs: number;
  expiryMs: number;
  surveyVersionId: string;
  /** Zone for contacts without their own. */
  timezone: string;
  callingWindow: CallingWindow;
  /** Quiet hours per channel; voice falls back to callingWindow. */
  sendingWindows: Partial<Record<Channel, SendingWindow>>;
  holidays: HolidayCalendar | null;
  samplePercent: number;
  fatigueDays: number | null;
  dedupeBy: string | null;
  cancelOn: Array<{ eventType: string; matchOn?: string }>;
  caps: ThrottleCaps | null;
  /** Spread sends over this long after they fall due (gradual distribution); 0: at once. */
  spreadMs: number;
}
