/**
 * What a score request asks the facts for: the dimensions it may group and filter by, its period,
 * and the rows it gets back. The SQL is built in score-facts.sql-builder.ts.
 */

/** Dimensions every response has; any of them can group or filter scores. */
export const BUILT_IN_DIMENSIONS = ['campaign', 'survey', 'channel', 'language', 'eventType'] as const;
/** One of BUILT_IN_DIMENSIONS. */
export type BuiltInDimension = (typeof BUILT_IN_DIMENSIONS)[number];

/** A built-in dimension, or an event property / contact attribute snapshotted on the response. */
export type Dimension = BuiltInDimension | `properties.${string}` | `contact.${string}`;

/** An event property or contact attribute, named as `properties.<key>` or `contact.<key>`. */
export const isSnapshotDimension = (d: string): d is `properties.${string}` | `contact.${string}` =>
  /^(properties|contact)\.[^\s]{1,100}$/.test(d);
/** A dimension scores can be grouped or filtered by. */
export const isDimension = (d: string): d is Dimension =>
  (BUILT_IN_DIMENSIONS as readonly string[]).includes(d) || isSnapshotDimension(d);

/** The campaign, and what follows from it (its survey and trigger event): read through the campaign column. */
export const CAMPAIGN_DERIVED: readonly string[] = ['campaign', 'survey', 'eventType'];

/** The periods a breakdown is cut into. */
export type Interval = 'day' | 'week' | 'month';

/** One score request as the facts query reads it (after the service resolved its open ends and campaigns). */
export interface FactsRequest {
  workspaceId: string;
  /** Only responses with these values (built-in or snapshot dimensions; survey and event type are given as `campaigns`). */
  where: Partial<Record<Dimension, string>>;
  /** Only these campaigns (the service turns survey and event-type filters into campaigns). */
  campaigns?: string[];
  questionId?: string;
  /** The service fills open ends from the data (see ScoresService). */
  from: Date;
  to: Date;
  /** At most two, and at most two snapshot dimensions across groupBy and where (they are read from pair rollups). */
  groupBy: Dimension[];
  interval?: Interval;
  /** IANA zone the periods are cut in. */
  timeZone: string;
  /** The workspace's reporting zone, where its day rollups start at midnight (default UTC). */
  dayZone?: string;
}

/** One counted value in one group (and period). */
export interface FactRow {
  groups: Record<string, string>;
  period: string | null;
  questionId: string;
  questionType: string;
  valueKey: string;
  valueNum: number | null;
  n: number;
}

/** The rollups' finest grain: answers are counted per 15-minute bucket. */
export const BUCKET_MS = 15 * 60 * 1000;

/** A request the rollups cannot answer; `path` names the request field to blame (a 400 problem). */
export class FactsRequestError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
