/**
 * How an SMS body is encoded and how many segments carriers (and Twilio's billing) count for it.
 * Pure: no Twilio client, so templates can be checked at authoring time as well as at send time.
 */

/** The two encodings a carrier picks between; one non-GSM character switches the whole body to UCS-2. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Segment count for one SMS body. */
export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Capacity of each segment: 160/70 for a single segment, 153/67 once the user data header is needed. */
  perSegment: number;
}

// GSM 03.38 basic set (LF and CR included; the ESC code itself is not a character a body can contain).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table: each is sent as ESC + code, so it costs 2 septets.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS = { 'GSM-7': { single: 160, multi: 153 }, 'UCS-2': { single: 70, multi: 67 } } as const;

const isGsm7 = (char: string): boolean => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);

/** GSM-7 when every character is in the GSM 03.38 basic set or extension table, otherwise UCS-2. */
export function smsEncoding(text: string): SmsEncoding {
  // for..of walks code points, so an emoji is one (non-GSM) character rather than two surrogates.
  for (const char of text) if (!isGsm7(char)) return 'UCS-2';
  return 'GSM-7';
}

/**
 * Encoding, size and segment count of an SMS body.
 * An empty body counts as 1 segment of 0 units: it is still one message if sent (Twilio rejects a
 * body-less SMS anyway, so callers should refuse empty text before this matters).
 */
export function smsSegments(text: string): SmsSegmentCount {
  const encoding = smsEncoding(text);
  // Cost per code point: an escape pair or a surrogate pair must stay within one segment.
  const costs = [...text].map((char) => (encoding === 'GSM-7' ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, multi } = LIMITS[encoding];
  if (units <= single) return { encoding, units, segments: 1, perSegment: single };

  // Greedy packing rather than ceil(units / multi): a 2-unit character that would straddle a
  // boundary moves whole into the next segment, which can add a segment the division misses.
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, perSegment: multi };
}

// Typographic characters that editors and word processors slip into text, with GSM-7 stand-ins.
const GSM7_REPLACEMENTS: Record<string, string> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2026': '...', // …
  '\u00A0': ' ', // non-breaking space
};
const GSM7_REPLACEABLE = new RegExp(`[${Object.keys(GSM7_REPLACEMENTS).join('')}]`, 'g');

/**
 * Replaces common typographic characters (’ ‘ “ ” – — … and non-breaking space) with GSM-7
 * equivalents so a template is not forced into UCS-2 (70 instead of 160 characters per segment).
 * Meant for our own template text: customer-provided text (names, free-text answers) must be sent
 * as written, so do not run it over interpolated values.
 */
export function gsm7Safe(text: string): string {
  return text.replace(GSM7_REPLACEABLE, (char) => GSM7_REPLACEMENTS[char]);
}
