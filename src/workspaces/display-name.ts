import { z } from 'zod';

/** At most this many characters: it heads emails and opens SMS texts, where every character costs. */
export const DISPLAY_NAME_MAX_LENGTH = 100;

/**
 * A workspace's display name: trimmed, 1..100 characters, no control characters (a newline would
 * break the From header and the SMS layout). Null clears it, and messages say COMPANY_NAME again.
 */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(DISPLAY_NAME_MAX_LENGTH)
  .refine((name) => !/\p{Cc}/u.test(name), 'Must not contain control characters.')
  .nullable();

/** The name a workspace's messages go out under: its own, else the environment's COMPANY_NAME. */
export function senderNameOf(displayName: string | null, companyName: string): string {
  return displayName ?? companyName;
}
