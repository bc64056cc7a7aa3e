/** A whole-message SMS command that changes the conversation rather than answering a question. */
export type SmsKeyword = 'stop' | 'start' | 'help';

// Twilio's standard opt-out words plus the Nordic ones our recipients actually type.
const STOP = [
  'stop',
  'stopp',
  'lopeta',
  'avsluta',
  'avmeld',
  'unsubscribe',
  'stopall',
  'end',
  'cancel',
  'quit',
  'optout',
  'revoke',
];
// Twilio also treats YES as opt-in, but "yes" must stay an answer to yes/no questions.
const START = ['start', 'aloita', 'unstop'];
const HELP = ['help', 'apua', 'hjälp', 'hjelp', 'info'];

/**
 * Lowercase without diacritics, so a phone without å/ä/ö/ø still matches: "HJALP", "yhdeksan",
 * "atta", "atte". Shared with the reply parser, so keywords and answers fold alike.
 */
export function foldForMatching(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/æ/g, 'ae');
}

const KEYWORDS = new Map<string, SmsKeyword>([
  ...STOP.map((w): [string, SmsKeyword] => [foldForMatching(w), 'stop']),
  ...START.map((w): [string, SmsKeyword] => [foldForMatching(w), 'start']),
  ...HELP.map((w): [string, SmsKeyword] => [foldForMatching(w), 'help']),
]);

/**
 * The keyword a reply consists of, or null. Only a message that is nothing but the keyword
 * counts (ignoring case, surrounding space and trailing `.!?`), so "Stop sending these, 3"
 * is an answer with a comment, not an opt-out.
 */
export function detectSmsKeyword(text: string): SmsKeyword | null {
  const word = foldForMatching(
    text
      .trim()
      .replace(/[.!?]+$/u, '')
      .trim(),
  );
  return KEYWORDS.get(word) ?? null;
}
