import { timingSafeEqual } from 'node:crypto';

import { getExpectedTwilioSignature, validateRequest } from 'twilio';

/**
 * Twilio signs a webhook with HMAC-SHA1 over the full URL it called plus every POSTed parameter
 * (sorted by name). The URL must be the public one Twilio saw, not the one this process was
 * reached by behind a proxy, hence `publicUrl`.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string,
  publicUrl: string,
  params: Record<string, string>,
): boolean {
  // The URL exactly as configured is what Twilio signs in practice: one HMAC. Only a mismatch pays
  // for the SDK's full check, which also tries the URL with and without its port and legacy query encoding.
  const expected = Buffer.from(getExpectedTwilioSignature(authToken, publicUrl, params));
  const given = Buffer.from(signature);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  return validateRequest(authToken, signature, publicUrl, params);
}

/** TwiML that sends `text` back as an SMS; an empty reply sends nothing. */
export function messageTwiml(text: string): string {
  const body = text ? `<Message>${escapeXml(text)}</Message>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}
