/** Answer value → how many responses gave it, e.g. `{ 10: 5, 9: 3, 0: 1 }`. */
export type Distribution = Record<number, number>;

/** Percentages carry 1 decimal; every derived figure is null when nothing was counted. */
export interface NpsResult {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters − %detractors, −100…100. */
  score: number | null;
  promoterPct: number | null;
  passivePct: number | null;
  detractorPct: number | null;
}

export interface CsatResult {
  n: number;
  /** Responses scoring 4 or 5. */
  satisfied: number;
  /** Share of satisfied responses, 0…100. */
  score: number | null;
  /** 2 decimals. */
  mean: number | null;
}

export interface CesResult {
  n: number;
  /** 2 decimals. */
  mean: number | null;
  /** Share of responses scoring 5–7, 0…100. */
  easyPct: number | null;
  /** CES is reported as its mean; kept as a separate field so every metric has a `score`. */
  score: number | null;
}
