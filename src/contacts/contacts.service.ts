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

@Injectable()
export class ContactsService {
  constructor(private readonly db: Sql) {}

  /**
   * Inserts or updates the contact by externalId. Fields the event leaves out keep their stored
   * value; attributes are merged, so a CRM can send only what changed.
   */
  async upsert(tx: Queryable, workspaceId: string, input: ContactInput): Promise<ContactSnapshot> {
    const [row] = await tx.query(
      `INSERT INTO contacts (workspace_id, external_id, email, phone, name, locale, timezone, attributes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::jsonb, '{}'))
       ON CONFLICT (workspace_id, external_id) DO UPDATE SET
         email = COALESCE(EXCLUDED.email, contacts.email),
         phone = COALESCE(EXCLUDED.phone, contacts.phone),
         name = COALESCE(EXCLUDED.name, contacts.name),
         locale = COALESCE(EXCLUDED.locale, contacts.locale),
         timezone = COALESCE(EXCLUDED.timezone, contacts.timezone),
         attributes = contacts.attributes || COALESCE($8::jsonb, '{}'),
         updated_at = now()
       RETURNING id, email, locale, email_opted_out_at`,
      [
        workspaceId,
        input.externalId,
        input.email ?? null,
        input.phone ?? null,
        input.name ?? null,
        input.locale ?? null,
        input.timezone ?? null,
        input.attributes ? JSON.stringify(input.attributes) : null,
      ],
    );
    return { id: row.id, email: row.email, locale: row.locale, emailOptedOut: row.email_opted_out_at !== null };
  }

  /** RFC 8058 one-click unsubscribe lands here. Idempotent. */
  async optOutOfEmail(contactId: string): Promise<void> {
    await this.db.query(
      `UPDATE contacts SET email_opted_out_at = COALESCE(email_opted_out_at, now()), updated_at = now() WHERE id = $1`,
      [contactId],
    );
  }
}
