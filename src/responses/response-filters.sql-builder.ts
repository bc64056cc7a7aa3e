/** NPS bands: detractors 0–6, passives 7–8, promoters 9–10. */
export type NpsBand = 'detractor' | 'passive' | 'promoter';

const BAND_SCORES: Record<NpsBand, number[]> = {
  detractor: [0, 1, 2, 3, 4, 5, 6],
  passive: [7, 8],
  promoter: [9, 10],
};

/** The journey properties people slice responses by; each is a snapshot dimension (`properties.<name>` in `r.dims`). */
export const RESPONSE_SLICES = ['team', 'agent', 'touchpoint', 'location'] as const;
export type ResponseSlice = (typeof RESPONSE_SLICES)[number];

/** What a response is about, to narrow a list or an export by; absent parts filter nothing. */
export interface ResponseFilter {
  channel?: string;
  /** Exact values of the event's properties, as the response snapshotted them. */
  slices?: Partial<Record<ResponseSlice, string>>;
  /** Responses with an NPS answer in any of these bands. */
  bands?: NpsBand[];
  /** Words found in an open answer, a comment or an unreadable reply (case-insensitive substring). */
  text?: string;
  /** true: only responses with words in them; false: only those without. */
  commented?: boolean;
  /** Responses carrying this tag (as stored: normalized). */
  tag?: string;
}

/** Open answers: free text, and the words given with a score (not yes/no or choice ids). */
const OPEN_TEXT = `a.value_text IS NOT NULL AND (a.question_type = 'text' OR a.value_num IS NOT NULL)`;

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The filter as SQL conditions on `r` (a responses row), to AND together. `param` binds a value and
 * returns its placeholder. Only the parts given appear, so each combination plans on its own.
 */
export function responseFilterConditions(f: ResponseFilter, param: (value: unknown) => string): string[] {
  const where: string[] = [];
  if (f.channel) where.push(`r.channel = ${param(f.channel)}::text`);
  // The key is written into the SQL (one of four fixed names, never input), as the agents' team scope writes it.
  for (const slice of RESPONSE_SLICES) {
    const value = f.slices?.[slice];
    if (value !== undefined) where.push(`r.dims->>'properties.${slice}' = ${param(value)}::text`);
  }
  if (f.bands?.length) {
    const scores = [...new Set(f.bands.flatMap((b) => BAND_SCORES[b]))];
    where.push(
      `EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND a.question_type = 'nps' AND a.value_num = ANY(${param(scores)}::int[]))`,
    );
  }
  if (f.text) {
    const p = param(`%${likeLiteral(f.text)}%`);
    where.push(
      `(r.unparsed_text ILIKE ${p} OR EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND ${OPEN_TEXT} AND a.value_text ILIKE ${p}))`,
    );
  }
  if (f.commented !== undefined) {
    const has = `(btrim(COALESCE(r.unparsed_text, '')) <> '' OR EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND ${OPEN_TEXT} AND btrim(a.value_text) <> ''))`;
    where.push(f.commented ? has : `NOT ${has}`);
  }
  if (f.tag !== undefined)
    where.push(`EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id AND t.tag = ${param(f.tag)}::text)`);
  return where;
}
