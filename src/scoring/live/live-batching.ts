/** A change as the database trigger announces it: `<campaignId>:<responseId>` (see the live-notify migration). */
export interface ResponseChange {
  campaignId: string;
  responseId: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PAYLOAD = new RegExp(`^(${UUID}):(${UUID})$`, 'i');

/** Reads a notification payload; anything else on the channel (an operator's test NOTIFY) is ignored. */
export function parseResponseChange(payload: string | undefined): ResponseChange | null {
  const match = PAYLOAD.exec(payload ?? '');
  return match ? { campaignId: match[1].toLowerCase(), responseId: match[2].toLowerCase() } : null;
}

/**
 * Response ids waiting for the next tick, per campaign. Repeats collapse (a response answered
 * question by question is looked up once per tick), and each campaign holds at most `maxPerCampaign`
 * ids: beyond that a burst is summarised by the next scores event rather than queued without bound.
 */
export class PendingChanges {
  private readonly byCampaign = new Map<string, Set<string>>();
  private dropped = 0;

  constructor(private readonly maxPerCampaign: number) {}

  /** Returns false when the id was dropped because its campaign's queue is full. */
  add(change: ResponseChange): boolean {
    let ids = this.byCampaign.get(change.campaignId);
    if (!ids) this.byCampaign.set(change.campaignId, (ids = new Set()));
    if (ids.has(change.responseId)) return true;
    if (ids.size >= this.maxPerCampaign) {
      this.dropped++;
      return false;
    }
    ids.add(change.responseId);
    return true;
  }

  get size(): number {
    let n = 0;
    for (const ids of this.byCampaign.values()) n += ids.size;
    return n;
  }

  /** Ids dropped since the last call. */
  takeDropped(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  forget(campaignId: string): void {
    this.byCampaign.delete(campaignId);
  }

  /** Everything pending, per campaign, leaving the queue empty. */
  takeAll(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [campaignId, ids] of this.byCampaign) if (ids.size) out.set(campaignId, [...ids]);
    this.byCampaign.clear();
    return out;
  }
}

/**
 * How long to wait before computing a campaign's scores again: at once when the last computation
 * started at least `minIntervalMs` ago, otherwise when that interval is up. Bursts of responses
 * inside the interval therefore cost one computation, not one each.
 */
export function scoresDelay(nowMs: number, lastStartedMs: number | undefined, minIntervalMs: number): number {
  if (lastStartedMs === undefined) return 0;
  return Math.max(0, lastStartedMs + minIntervalMs - nowMs);
}
