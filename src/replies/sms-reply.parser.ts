import { type AnswerValue, type Choice, isScaleType, type Question, SCALE_RANGES } from '../surveys/survey-definition';
import { foldForMatching } from './sms-keywords';

/**
 * What a free-form SMS (or transcribed speech) reply means for the question it answers.
 * Keywords such as STOP are detected before this (see `detectSmsKeyword`).
 * `out_of_range`: the reply tried to give a number but not one whole number on the scale
 * (11, -1, 7.5, "8-9", 4/10 on a 1–5 scale); worth re-asking with the range.
 * `no_answer`: nothing in the reply could be read as an answer.
 */
export type SmsReply =
  { kind: 'answer'; value: AnswerValue; comment?: string } | { kind: 'invalid'; reason: 'out_of_range' | 'no_answer' };

type Range = { min: number; max: number };
type Token = { start: number; end: number; word: string };
type Found = { value: number; start: number; end: number } | 'out_of_range' | null;

const NO_ANSWER: SmsReply = { kind: 'invalid', reason: 'no_answer' };
const OUT_OF_RANGE: SmsReply = { kind: 'invalid', reason: 'out_of_range' };

// en, fi (standard and the colloquial "ysi"/"kymppi" Finns text), sv, nb.
const NUMBER_WORDS: string[][] = [
  ['zero', 'nolla', 'noll', 'null'],
  ['one', 'yksi', 'ykkönen', 'en', 'ett'],
  ['two', 'kaksi', 'kakkonen', 'två', 'to'],
  ['three', 'kolme', 'kolmonen', 'tre'],
  ['four', 'neljä', 'nelonen', 'fyra', 'fire'],
  ['five', 'viisi', 'vitonen', 'fem'],
  ['six', 'kuusi', 'kutonen', 'sex', 'seks'],
  ['seven', 'seitsemän', 'seiska', 'sju', 'syv'],
  ['eight', 'kahdeksan', 'kasi', 'åtta', 'åtte'],
  ['nine', 'yhdeksän', 'ysi', 'nio', 'ni'],
  ['ten', 'kymmenen', 'kymppi', 'tio', 'ti'],
];
const WORD_VALUES = new Map<string, number>();
NUMBER_WORDS.forEach((words, value) =>
  words.forEach((w) => {
    // Diacritic folding is only safe while no folded form means two numbers; fail loudly if an edit breaks that.
    if ((WORD_VALUES.get(foldForMatching(w)) ?? value) !== value)
      throw new Error(`number word "${w}" is ambiguous once folded`);
    WORD_VALUES.set(foldForMatching(w), value);
  }),
);
// Also everyday words ("one of", sv/nb articles, fi "I don't", "to", sv "you", "fire"), so they
// only count standing alone at the edge of the reply, split off by punctuation.
const AMBIGUOUS = new Set(['one', 'en', 'ett', 'to', 'ni', 'fire']);
// Finnish "out of five/seven/ten": "9 kymmenestä".
const ELATIVES = new Map([
  ['kymmenesta', 10],
  ['viidesta', 5],
  ['seitsemasta', 7],
]);
const OUT_WORDS = new Set(['out', 'ut']);
const OF_WORDS = new Set(['of', 'av', 'utav']);
const UNITS = new Set([
  'points',
  'point',
  'pts',
  'pistetta',
  'pinnaa',
  'poang',
  'poeng',
  'stars',
  'star',
  'tahtea',
  'stjarnor',
  'stjerner',
]);

const YES = new Set(['yes', 'kylla', 'joo', 'juu', 'ja', 'jo', 'yep', 'yeah', 'yup', 'y', 'k']);
const NO = new Set(['no', 'ei', 'nej', 'nei', 'nope', 'nah', 'n', 'e']);

// Letters/digits, with hyphens and apostrophes joining letters ("one-off", "e-mail", "i'd") so
// a word part is never mistaken for a number or a yes/no.
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’-](?=\p{L})[\p{L}\p{M}\p{N}]+)*/gu;
const DIGITS = /^[0-9]+$/;
const SEPARATOR_AFTER = /^\s*(?:[,;:.!?)]|[-–—](?:\s|$))/u;
const SEPARATOR_BEFORE = /(?:[,;:.!?(]|(?:^|\s)[-–—])\s*$/u;
const TRIM_BEFORE = /[\s,;:(["'«“–—-]+$/u;
const TRIM_AFTER = /^(?:[\s,;)\]"'»”–—-]|[.!?:]+(?=\s|$))+/u;

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    word: foldForMatching(m[0]),
  }));
}

const gapAfter = (text: string, tokens: Token[], k: number): string | undefined =>
  k + 1 < tokens.length ? text.slice(tokens[k].end, tokens[k + 1].start) : undefined;

function numberValue(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  return DIGITS.test(word) ? Number(word) : WORD_VALUES.get(word);
}

/** "/10", "of ten", "out of 10", "av tio", "ut av 10", "kymmenestä", then an optional "points". */
function readSuffix(text: string, tokens: Token[], i: number): { last: number; denominator?: number } {
  const spaced = (k: number) => /^\s+$/.test(gapAfter(text, tokens, k) ?? '');
  const word = (k: number) => tokens[k]?.word;
  let last = i;
  let denominator: number | undefined;
  if (/^\s*\/\s*$/.test(gapAfter(text, tokens, i) ?? '') && numberValue(word(i + 1)) !== undefined) {
    [last, denominator] = [i + 1, numberValue(word(i + 1))];
  } else if (spaced(i) && ELATIVES.has(word(i + 1) ?? '')) {
    [last, denominator] = [i + 1, ELATIVES.get(word(i + 1) ?? '')];
  } else {
    const of = spaced(i) && OUT_WORDS.has(word(i + 1) ?? '') ? i + 1 : i;
    if (spaced(of) && OF_WORDS.has(word(of + 1) ?? '') && spaced(of + 1) && numberValue(word(of + 2)) !== undefined) {
      [last, denominator] = [of + 2, numberValue(word(of + 2))];
    }
  }
  if (spaced(last) && UNITS.has(word(last + 1) ?? '')) last += 1;
  return { last, denominator };
}

function inRange(value: number, start: number, end: number, range: Range, denominator?: number): Found {
  // Never rescale: "4/10" on a 1–5 scale is not a 4 (nor a 2); ask again instead.
  if (denominator !== undefined && denominator !== range.max) return 'out_of_range';
  return Number.isInteger(value) && value >= range.min && value <= range.max ? { value, start, end } : 'out_of_range';
}

function readDigits(text: string, tokens: Token[], i: number, range: Range): Found {
  const t = tokens[i];
  const gap = gapAfter(text, tokens, i);
  // "7.5", Nordic "7,5", "10:30" and ranges like "8-9" aren't one whole score; picking either part would be a guess.
  if (gap !== undefined && DIGITS.test(tokens[i + 1].word) && (/^[.,:]$/.test(gap) || /^\s*[-–—]\s*$/.test(gap))) {
    return 'out_of_range';
  }
  // A sign counts only when it isn't joining two words or numbers ("-1" yes, "8-9" handled above).
  const sign = text.charAt(t.start - 1);
  const signed = /[-−+]/.test(sign) && !/[\p{L}\p{N}]/u.test(text.charAt(t.start - 2));
  const value = Number(t.word) * (signed && sign !== '+' ? -1 : 1);
  const { last, denominator } = readSuffix(text, tokens, i);
  return inRange(value, signed ? t.start - 1 : t.start, tokens[last].end, range, denominator);
}

/**
 * The first number in the reply, in text order:
 * - digits count anywhere ("Stop sending these, 3");
 * - a number word followed by "out of N" counts anywhere ("I'd say nine out of ten");
 * - a number word counts as the first word when the reply ends there or punctuation follows
 *   ("yhdeksän, nopea palvelu"), so "Three people helped me, 9" is a 9;
 * - a number word counts as the last word ("Definitely a ten"), but an AMBIGUOUS one only
 *   when punctuation precedes it ("Bra service, ni"), so "Det vet ni" is no score.
 * In Finnish, "en" means "I don't", never 1.
 */
function findNumber(text: string, tokens: Token[], range: Range, locale?: string): Found {
  for (let i = 0; i < tokens.length; i++) {
    const { word, start } = tokens[i];
    if (DIGITS.test(word)) return readDigits(text, tokens, i, range);
    const value = WORD_VALUES.get(word);
    if (value === undefined || (word === 'en' && isFinnish(locale))) continue;
    const { last, denominator } = readSuffix(text, tokens, i);
    const ambiguous = AMBIGUOUS.has(word);
    const atEnd = last === tokens.length - 1;
    const leads = i === 0 && (atEnd || SEPARATOR_AFTER.test(gapAfter(text, tokens, last) ?? ''));
    const trails = atEnd && (!ambiguous || i === 0 || SEPARATOR_BEFORE.test(text.slice(tokens[i - 1].end, start)));
    if (leads || trails || (denominator !== undefined && !ambiguous)) {
      return inRange(value, start, tokens[last].end, range, denominator);
    }
  }
  return null;
}

function isFinnish(locale?: string): boolean {
  return /^fi(?:[-_]|$)/i.test(locale ?? '');
}

/** The reply minus the answer itself and the punctuation that only separated the two. */
function commentAround(text: string, start: number, end: number): string | undefined {
  const parts = [text.slice(0, start).replace(TRIM_BEFORE, ''), text.slice(end).replace(TRIM_AFTER, '')];
  return parts.filter((p) => p !== '').join(' ') || undefined;
}

function answer(value: AnswerValue, comment?: string): SmsReply {
  return comment === undefined ? { kind: 'answer', value } : { kind: 'answer', value, comment };
}

function fromFound(found: Found, text: string, toValue: (n: number) => AnswerValue): SmsReply {
  if (found === null) return NO_ANSWER;
  if (found === 'out_of_range') return OUT_OF_RANGE;
  return answer(toValue(found.value), commentAround(text, found.start, found.end));
}

/** The first word decides; the SMS prompt numbers the options 1 = yes, 2 = no. */
function parseYesNo(text: string, tokens: Token[], locale?: string): SmsReply {
  const first = tokens[0];
  if (first === undefined) return NO_ANSWER;
  if (DIGITS.test(first.word)) {
    return fromFound(readDigits(text, tokens, 0, { min: 1, max: 2 }), text, (n) => (n === 1 ? 'yes' : 'no'));
  }
  const no = NO.has(first.word) || (first.word === 'en' && isFinnish(locale));
  if (!no && !YES.has(first.word)) return NO_ANSWER;
  return answer(no ? 'no' : 'yes', commentAround(text, first.start, first.end));
}

/** A choice named by its id or any of its labels, alone or split from a comment by punctuation. */
function matchChoiceName(text: string, choices: Choice[]): SmsReply | null {
  const names = choices.flatMap((c) =>
    [c.id, ...Object.values(c.label)].map((name) => ({ id: c.id, name: foldForMatching(name.trim()) })),
  );
  for (let cut = text.length; cut > 0; cut--) {
    if (cut < text.length && !SEPARATOR_AFTER.test(text.slice(cut))) continue;
    const head = foldForMatching(text.slice(0, cut).trim());
    const hit = names.find((n) => n.name !== '' && n.name === head);
    if (hit) return answer(hit.id, commentAround(text, 0, cut));
  }
  return null;
}

function parseChoice(text: string, tokens: Token[], choices: Choice[], locale?: string): SmsReply {
  const named = matchChoiceName(text, choices);
  if (named) return named;
  const found = findNumber(text, tokens, { min: 1, max: choices.length }, locale);
  return fromFound(found, text, (n) => choices[n - 1].id);
}

/**
 * Reads an SMS reply as the answer to `question`, plus any comment around it.
 * Scales: digits or number words in en/fi/sv/nb whatever `locale` is; the first number
 * decides (see `findNumber`), never clamped. Yes/no: the first word. Single choice: an option
 * number 1..n, or a choice id/label. Text: the trimmed reply. `locale` only disambiguates
 * Finnish "en" ("I don't"): a `no` for yes/no questions instead of the number 1.
 */
export function parseSmsReply(text: string, question: Pick<Question, 'type' | 'choices'>, locale?: string): SmsReply {
  const trimmed = text.normalize('NFC').trim();
  if (trimmed === '') return NO_ANSWER;
  const tokens = tokenize(trimmed);
  if (isScaleType(question.type))
    return fromFound(findNumber(trimmed, tokens, SCALE_RANGES[question.type], locale), trimmed, (n) => n);
  switch (question.type) {
    case 'yes_no':
      return parseYesNo(trimmed, tokens, locale);
    case 'single_choice':
      return parseChoice(trimmed, tokens, question.choices ?? [], locale);
    case 'text':
      return answer(trimmed);
  }
}
