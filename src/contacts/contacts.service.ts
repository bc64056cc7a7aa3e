import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import { Queryable } from '../database/sql';
import { ContactInput } from './contact-input';
import {
  ContactFilter,
  ContactRow,
  ContactsRepository,
  ContactUpsert,
  OptOutChanges,
  SmsKeywordOptOut,
} from './contacts.repository';

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

@Injectable()
export class ContactsService {
  constructor(private readonly contacts: ContactsRepository) {}

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
    const result = await this.contacts.upsert(rows, tx);
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

  /** How many of these external ids the workspace already has (an import counts updates with it). */
  countExisting(workspaceId: string, externalIds: string[], tx?: Queryable): Promise<number> {
    return this.contacts.countExisting(workspaceId, externalIds, tx);
  }

  /** A contact as the admin API shows it, with its opt-outs per channel. */
  async view(workspaceId: string, id: string): Promise<ContactView | null> {
    const row = await this.contacts.findById(workspaceId, id);
    return row ? toContactView(row) : null;
  }

  /** Matching contacts, newest first, a page at a time. */
  async find(
    workspaceId: string,
    by: ContactFilter,
    page: { limit: number; cursor?: KeysetPosition },
  ): Promise<Page<ContactView>> {
    const rows = await this.contacts.find(
      workspaceId,
      { ...by, email: by.email?.toLowerCase() },
      page.cursor,
      page.limit,
    );
    return pageOf(rows, page.limit, positionOf, toContactView);
  }

  /** Whether the workspace has this contact (another workspace's is as absent as one that never was). */
  async exists(workspaceId: string, id: string): Promise<boolean> {
    return (await this.contacts.findById(workspaceId, id)) !== undefined;
  }

  /** Sets opt-outs per channel; a channel left out keeps its state, and opting out twice keeps the first time. */
  async setOptOuts(workspaceId: string, id: string, optOuts: OptOutChanges): Promise<ContactView | null> {
    const row = await this.contacts.setOptOuts(workspaceId, id, optOuts);
    return row ? toContactView(row) : null;
  }

  /** Twilio's 21610 (the number already blocked our sender). Idempotent; keeps the first opt-out time. */
  async optOutOfSms(contactIds: string[], tx?: Queryable): Promise<void> {
    await this.contacts.optOutOfSms(contactIds, tx);
  }

  /**
   * STOP and START texted to us, applied to whoever has the number in the workspace, in the
   * caller's transaction. Returns the ids of the contacts opted out, for the follow-up cleanup.
   */
  applySmsKeywords(changes: SmsKeywordOptOut[], tx?: Queryable): Promise<string[]> {
    return changes.length ? this.contacts.applySmsKeywords(changes, tx) : Promise.resolve([]);
  }

  /** RFC 8058 one-click unsubscribe lands here. Idempotent. */
  async optOutOfEmail(contactId: string): Promise<void> {
    await this.contacts.optOutOfEmail(contactId);
  }

  /** Erases a contact and everything about them (the foreign keys cascade); false when not in this workspace. */
  erase(workspaceId: string, id: string): Promise<boolean> {
    return this.contacts.delete(workspaceId, id);
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

function toContactView(r: ContactRow): ContactView {
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
