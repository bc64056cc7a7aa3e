/** What made a contact opt out, as the `contact.opted_out` webhook reports it. */
export type OptOutSource = 'sms_keyword' | 'email_link' | 'voice_keypad' | 'api' | 'import';

/**
 * A CTE naming the source of the opt-outs a statement makes. The webhooks outbox trigger reads it
 * (a transaction-local setting, so it costs no extra round trip); statements without it read as
 * 'api'. Use as `WITH ${optOutSourceCte('email_link')} UPDATE contacts … AND EXISTS (SELECT FROM opt_out_source)`.
 */
export const optOutSourceCte = (source: OptOutSource): string =>
  `opt_out_source AS MATERIALIZED (SELECT set_config('palaute.opt_out_source', '${source}', true))`;
