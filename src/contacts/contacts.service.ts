import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { ContactInput } from './contact-input';
import { optOutSourceCte } from './opt-out-source';

/** What dispatch decisions need to know about a contact. */
export interface ContactSnapshot {
  id: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  timezone: string | null;
  emailOptedOut: boolean;
  smsOptedOut: boolean;
  voiceOptedOut: boolean;
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
    const byKey = new Map<string, ContactSnapshot>(
      result.map((r) => [
        keyOf(r.workspace_id, r.external_id),
        {
          id: r.id,
          email: r.email,
          phone: r.phone,
          locale: r.locale,
          timezone: r.timezone,
          emailOptedOut: r.email_opted_out_at !== null,
          smsOptedOut: r.sms_opted_out_at !== null,
          voiceOptedOut: r.voice_opted_out_at !== null,
        },
      ]),
    );
    return items.map((item) => byKey.get(keyOf(item.workspaceId, item.input.externalId))!);
  }

  /** A contact as the admin API shows it, with its opt-outs per channel. */
  async view(workspaceId: string, id: string): Promise<ContactView | null> {
    const [row] = await this.db.query(`SELECT * FROM contacts WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return row ? toContactView(row) : null;
  }

  async find(workspaceId: string, by: { externalId?: string; phone?: string; email?: string }): Promise<ContactView[]> {
    const rows = await this.db.query(
      `SELECT * FROM contacts WHERE workspace_id = $1 AND ($2::text IS NULL OR external_id = $2)
         AND ($3::text IS NULL OR phone = $3) AND ($4::text IS NULL OR email = $4)
       ORDER BY created_at DESC LIMIT 100`,
      [workspaceId, by.externalId ?? null, by.phone ?? null, by.email?.toLowerCase() ?? null],
    );
    return rows.map(toContactView);
  }

  /** Sets opt-outs per channel; a channel left out keeps its state, and opting out twice keeps the first time. */
  async setOptOuts(
    workspaceId: string,
    id: string,
    optOuts: { email?: boolean; sms?: boolean; voice?: boolean },
  ): Promise<ContactView | null> {
    const [row] = await this.db.query(
      `UPDATE contacts SET
         email_opted_out_at = CASE WHEN $3::boolean IS NULL THEN email_opted_out_at WHEN $3 THEN COALESCE(email_opted_out_at, now()) ELSE NULL END,
         sms_opted_out_at = CASE WHEN $4::boolean IS NULL THEN sms_opted_out_at WHEN $4 THEN COALESCE(sms_opted_out_at, now()) ELSE NULL END,
         voice_opted_out_at = CASE WHEN $5::boolean IS NULL THEN voice_opted_out_at WHEN $5 THEN COALESCE(voice_opted_out_at, now()) ELSE NULL END,
         updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [workspaceId, id, optOuts.email ?? null, optOuts.sms ?? null, optOuts.voice ?? null],
    );
    return row ? toContactView(row) : null;
  }

  /** Twilio's 21610 (the number already blocked our sender). Idempotent; keeps the first opt-out time. */
  async optOutOfSms(contactIds: string[], tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `WITH ${optOutSourceCte('sms_keyword')}
       UPDATE contacts SET sms_opted_out_at = COALESCE(sms_opted_out_at, now()), updated_at = now() WHERE id = ANY($1::uuid[]) AND EXISTS (SELECT FROM opt_out_source)`,
      [contactIds],
    );
  }

  /** RFC 8058 one-click unsubscribe lands here. Idempotent. */
  async optOutOfEmail(contactId: string): Promise<void> {
    await this.db.query(
      `WITH ${optOutSourceCte('email_link')}
       UPDATE contacts SET email_opted_out_at = COALESCE(email_opted_out_at, now()), updated_at = now() WHERE id = $1 AND EXISTS (SELECT FROM opt_out_source)`,
      [contactId],
    );
  }

  /** Erases a contact and everything about them (the foreign keys cascade); false when not in this workspace. */
  async erase(workspaceId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM contacts WHERE workspace_id = $1 AND id = $2 RETURNING id`, [
      workspaceId,
      id,
    ]);
    return rows.length > 0;
  }
}

export interface ContactView {
  id: string;
  externalId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  locale: string | null;
  timezone: string | null;
  attributes: Record<string, unknown>;
  optOuts: { email: string | null; sms: string | null; voice: string | null };
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toContactView(r: Record<string, any>): ContactView {
  return {
    id: r.id,
    externalId: r.external_id,
    email: r.email,
    phone: r.phone,
    name: r.name,
    locale: r.locale,
    timezone: r.timezone,
    attributes: r.attributes,
    optOuts: { email: iso(r.email_opted_out_at), sms: iso(r.sms_opted_out_at), voice: iso(r.voice_opted_out_at) },
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

const keyOf = (workspaceId: string, externalId: string) => `${workspaceId}\u0000${externalId}`;

function mergeInputs(a: ContactInput, b: ContactInput): ContactInput {
  const defined = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined && v !== null));
  return {
    ...a,
    ...defined,
    attributes: a.attributes || b.attributes ? { ...a.attributes, ...b.attributes } : undefined,
  } as ContactInput;
}
