import { Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { Page, pageOf } from '../common/pagination';
import { AuditEntryRow, AuditLogRepository } from './audit-log.repository';
import { actorLabel, Principal } from './principal';

/** One audited action as GET /v1/audit-log shows it. */
export interface AuditEntryView {
  id: string;
  at: string;
  actor: { type: 'user' | 'api-key'; id: string; label: string };
  action: string;
  target: { type: string | null; id: string | null };
  method: string | null;
  path: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** What one audited action was. */
export interface AuditFact {
  action: string;
  target?: { type: string | null; id: string | null };
  method?: string;
  path?: string;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Who did what, when: written after each audited action, read newest first. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly clock: Clock,
  ) {}

  async record(who: Principal, fact: AuditFact): Promise<void> {
    await this.log.insert({
      workspaceId: who.workspaceId,
      at: this.clock.now(),
      actorType: who.kind,
      actorId: who.kind === 'user' ? who.userId : who.keyId,
      actorLabel: actorLabel(who),
      action: fact.action,
      targetType: fact.target?.type ?? null,
      targetId: fact.target?.id ?? null,
      method: fact.method ?? null,
      path: fact.path ?? null,
      requestId: fact.requestId ?? null,
      details: fact.details ?? {},
    });
  }

  async page(workspaceId: string, limit: number, cursor: string | undefined): Promise<Page<AuditEntryView>> {
    const rows = await this.log.page(workspaceId, limit + 1, cursor ?? null);
    return pageOf(rows, limit, (r) => [r.id], toView);
  }
}

function toView(r: AuditEntryRow): AuditEntryView {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    method: r.method,
    path: r.path,
    requestId: r.request_id,
    details: r.details,
  };
}
