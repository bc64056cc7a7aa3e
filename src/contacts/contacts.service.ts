import { Injectable } from '@nestjs/common';
import { Queryable, Sql } from '../database/sql';
import { ContactInput } from './contact-input';

/** What dispatch decisions need to know about a contact. */
export interface ContactSnapshot {
  id: string;
  email: string | null;
  locale: string | null;
  emailOptedOut: boolean;
}

export interface ContactUpsert {
  workspaceId: string;
  input: ContactInput;
}

@Injectable()
export class ContactsService {
  constructor(private readonly db: Sql) {}

  /**
   * Inserts or updates contacts by externalId in one statement; returns a snapshot per input, in
   * order. Fields an event leaves out keep their stored value and attributes are merged, so a CRM
   * can send only what changed. The same contact twice in one batch is merged first (later wins),
   * and rows are written in key order so concurrent batches lock them in the same order.
   */
  async upsertMany(tx: Queryable, items: ContactUpsert[]): Promise<ContactSnapshot[]> {
    const merged = new Map<string, ContactUpsert>();
    for (const item of items) {
      const k = keyOf(item.workspaceId, item.input.externalId);
      const prev = merged.get(k);
      merged.set(k, prev ? { workspaceId: item.workspaceId, input: mergeInputs(prev.input, item.input) } : item);
    }
    const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    const col = <T>(f: (c: ContactUpsert) => T) => rows.map(f);
    const result = await tx.query(
      `INSERT INTO contacts (workspace_id, external_id, email, phone, name, locale, timezone, attributes)
       SELECT w, x, e, p, n, l, tz, COALESCE(a, '{}') FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
         AS u(w, x, e, p, n, l, tz, a)
       ON CONFLICT (workspace_id, external_id) DO UPDATE SET
         email = COALESCE(EXCLUDED.email, contacts.email),
         phone = COALESCE(EXCLUDED.phone, contacts.phone),
         name = COALESCE(EXCLUDED.name, contacts.name),
         locale = COALESCE(EXCLUDED.locale, contacts.locale),
         timezone = COALESCE(EXCLUDED.timezone, contacts.timezone),
         attributes = contacts.attributes || EXCLUDED.attributes,
         updated_at = now()
       RETURNING id, workspace_id, external_id, email, locale, email_opted_out_at`,
      [
        col((c) => c.workspaceId),
        col((c) => c.input.externalId),
        col((c) => c.input.email ?? null),
        col((c) => c.input.phone ?? null),
        col((c) => c.input.name ?? null),
        col((c) => c.input.locale ?? null),
        col((c) => c.input.timezone ?? null),
        col((c) => (c.input.attributes ? JSON.stringify(c.input.attributes) : null)),
      ],
    );
    const byKey = new Map<string, ContactSnapshot>(
      result.map((r) => [keyOf(r.workspace_id, r.external_id), { id: r.id, email: r.email, locale: r.locale, emailOptedOut: r.email_opted_out_at !== null }]),
    );
    return items.map((item) => byKey.get(keyOf(item.workspaceId, item.input.externalId))!);
  }

  /** RFC 8058 one-click unsubscribe lands here. Idempotent. */
  async optOutOfEmail(contactId: string): Promise<void> {
    await this.db.query(
      `UPDATE contacts SET email_opted_out_at = COALESCE(email_opted_out_at, now()), updated_at = now() WHERE id = $1`,
      [contactId],
    );
  }
}

const keyOf = (workspaceId: string, externalId: string) => `${workspaceId}\u0000${externalId}`;

function mergeInputs(a: ContactInput, b: ContactInput): ContactInput {
  const defined = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined && v !== null));
  return { ...a, ...defined, attributes: a.attributes || b.attributes ? { ...a.attributes, ...b.attributes } : undefined } as ContactInput;
}
