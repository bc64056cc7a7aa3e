import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Queryable, Sql } from '../database/sql';
import { ContactInput } from './contact-input';
import { optOutSourceCte } from './opt-out-source';

/** A contacts row, every column. */
export interface ContactRow {
  id: string;
  workspace_id: string;
  external_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  locale: string | null;
  timezone: string | null;
  attributes: Record<string, unknown>;
  email_opted_out_at: Date | null;
  sms_opted_out_at: Date | null;
  voice_opted_out_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What an upsert returns per contact: enough for dispatch decisions. */
export type ContactUpsertRow = Pick<
  ContactRow,
  | 'id'
  | 'workspace_id'
  | 'external_id'
  | 'email'
  | 'phone'
  | 'locale'
  | 'timezone'
  | 'email_opted_out_at'
  | 'sms_opted_out_at'
  | 'voice_opted_out_at'
>;

/** One contact to insert or update, keyed by workspace and external id. */
export interface ContactUpsert {
  workspaceId: string;
  input: ContactInput;
}

/** An SMS keyword's effect on whoever has that number in the workspace: STOP opts out, START back in. */
export interface SmsKeywordOptOut {
  workspaceId: string;
  phone: string;
  optOut: boolean;
}

/** Per channel: true opts out, false opts back in, undefined leaves it. */
export interface OptOutChanges {
  email?: boolean;
  sms?: boolean;
  voice?: boolean;
}

/** Which contacts to look up; a filter left out matches every contact. */
export interface ContactFilter {
  externalId?: string;
  phone?: string;
  email?: string;
}

/** A listed contact with its keyset position (created_at to the microsecond). */
export interface ListedContactRow extends ContactRow {
  position: string;
}

/** SQL on the contacts table. Opt-out writes name their source for the contact.opted_out webhook (see opt-out-source). */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: Sql) {}

  /** Fields an item leaves out keep their stored value; attributes are merged. Rows are written in the given order. */
  upsert(items: ContactUpsert[], tx: Queryable = this.db): Promise<ContactUpsertRow[]> {
    const col = <T>(f: (c: ContactUpsert) => T) => items.map(f);
    return tx.query<ContactUpsertRow>(
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
       RETURNING id, workspace_id, external_id, email, phone, locale, timezone, email_opted_out_at, sms_opted_out_at, voice_opted_out_at`,
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
  }

  /** How many of these external ids the workspace already has. */
  async countExisting(workspaceId: string, externalIds: string[], tx: Queryable = this.db): Promise<number> {
    if (!externalIds.length) return 0;
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND external_id = ANY($2::text[])`,
      [workspaceId, externalIds],
    );
    return n;
  }

  async findById(workspaceId: string, id: string): Promise<ContactRow | undefined> {
    const [row] = await this.db.query<ContactRow>(`SELECT * FROM contacts WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** Matching contacts newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  find(
    workspaceId: string,
    by: ContactFilter,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<ListedContactRow[]> {
    return this.db.query<ListedContactRow>(
      `SELECT *, created_at::text AS position FROM contacts WHERE workspace_id = $1 AND ($2::text IS NULL OR external_id = $2)
         AND ($3::text IS NULL OR phone = $3) AND ($4::text IS NULL OR email = $4)
         AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $7`,
      [workspaceId, by.externalId ?? null, by.phone ?? null, by.email ?? null, ...keysetArgs(after, limit)],
    );
  }

  /** Opting out twice keeps the first time. */
  async setOptOuts(workspaceId: string, id: string, optOuts: OptOutChanges): Promise<ContactRow | undefined> {
    const [row] = await this.db.query<ContactRow>(
      `UPDATE contacts SET
         email_opted_out_at = CASE WHEN $3::boolean IS NULL THEN email_opted_out_at WHEN $3 THEN COALESCE(email_opted_out_at, now()) ELSE NULL END,
         sms_opted_out_at = CASE WHEN $4::boolean IS NULL THEN sms_opted_out_at WHEN $4 THEN COALESCE(sms_opted_out_at, now()) ELSE NULL END,
         voice_opted_out_at = CASE WHEN $5::boolean IS NULL THEN voice_opted_out_at WHEN $5 THEN COALESCE(voice_opted_out_at, now()) ELSE NULL END,
         updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [workspaceId, id, optOuts.email ?? null, optOuts.sms ?? null, optOuts.voice ?? null],
    );
    return row;
  }

  async optOutOfSms(contactIds: string[], tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `WITH ${optOutSourceCte('sms_keyword')}
       UPDATE contacts SET sms_opted_out_at = COALESCE(sms_opted_out_at, now()), updated_at = now() WHERE id = ANY($1::uuid[]) AND EXISTS (SELECT FROM opt_out_source)`,
      [contactIds],
    );
  }

  /**
   * Applies SMS keywords to every contact with the number in its workspace; returns the ids of the
   * contacts the keywords opted out (opting out again keeps the first time).
   */
  async applySmsKeywords(changes: SmsKeywordOptOut[], tx: Queryable = this.db): Promise<string[]> {
    const rows = await tx.query<{ id: string; out: boolean }>(
      `WITH ${optOutSourceCte('sms_keyword')}
       UPDATE contacts c SET sms_opted_out_at = CASE WHEN o.out THEN COALESCE(c.sms_opted_out_at, now()) ELSE NULL END, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS o(w, phone, out)
       WHERE c.workspace_id = o.w AND c.phone = o.phone AND EXISTS (SELECT FROM opt_out_source) RETURNING c.id, o.out`,
      [changes.map((c) => c.workspaceId), changes.map((c) => c.phone), changes.map((c) => c.optOut)],
    );
    return rows.filter((r) => r.out).map((r) => r.id);
  }

  async optOutOfEmail(contactId: string): Promise<void> {
    await this.db.query(
      `WITH ${optOutSourceCte('email_link')}
       UPDATE contacts SET email_opted_out_at = COALESCE(email_opted_out_at, now()), updated_at = now() WHERE id = $1 AND EXISTS (SELECT FROM opt_out_source)`,
      [contactId],
    );
  }

  /** False when the workspace has no such contact. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `DELETE FROM contacts WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, id],
    );
    return rows.length > 0;
  }
}
