import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/** One audit entry to store. */
export interface NewAuditEntry {
  workspaceId: string;
  at: Date;
  actorType: 'user' | 'api-key';
  actorId: string;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  method: string | null;
  path: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** An audit entry as stored; `id` (a sequence) orders the log and is its cursor. */
export interface AuditEntryRow {
  id: string;
  at: Date;
  actor_type: 'user' | 'api-key';
  actor_id: string;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  method: string | null;
  path: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

/** SQL on the audit_log table: append and read, never change. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly db: Sql) {}

  async insert(e: NewAuditEntry, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(
      `INSERT INTO audit_log (workspace_id, at, actor_type, actor_id, actor_label, action, target_type, target_id, method, path, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        e.workspaceId,
        e.at,
        e.actorType,
        e.actorId,
        e.actorLabel,
        e.action,
        e.targetType,
        e.targetId,
        e.method,
        e.path,
        e.requestId,
        JSON.stringify(e.details),
      ],
    );
  }

  /** Newest first, below the id `before` when given. */
  page(workspaceId: string, limit: number, before: string | null): Promise<AuditEntryRow[]> {
    return this.db.query<AuditEntryRow>(
      `SELECT l.id::text AS id, l.at, l.actor_type, l.actor_id, l.actor_label, l.action, l.target_type, l.target_id, l.method, l.path, l.request_id, l.details
       FROM audit_log l WHERE l.workspace_id = $1 AND ($2::bigint IS NULL OR l.id < $2) ORDER BY l.id DESC LIMIT $3`,
      [workspaceId, before, limit],
    );
  }
}
