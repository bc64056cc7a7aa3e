import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import type { ApiKeyScope } from './api-key';
import { Grants, KEY_SCOPE_GRANTS, Role, ROLE_GRANTS } from './permissions';

/** An integration calling with a valid, unrevoked API key. */
export interface ApiKeyPrincipal {
  kind: 'api-key';
  workspaceId: string;
  keyId: string;
  scope: ApiKeyScope;
  /** The workspace's own per-minute rate for keys of this scope; null: the default of configuration. */
  perMinute: number | null;
}

/** A person, signed in through a one-time email link, calling with their session cookie. */
export interface UserPrincipal {
  kind: 'user';
  workspaceId: string;
  userId: string;
  email: string;
  role: Role;
  team: string | null;
  agentId: string | null;
  sessionId: string;
  /** The value a state-changing request must carry as `x-csrf-token`. */
  csrfToken: string;
}

/** Who is calling. */
export type Principal = ApiKeyPrincipal | UserPrincipal;

/**
 * What a caller holding only a team grant (an agent) may see: alerts of their team or routed or
 * assigned to them, and responses and scores of their team. `team` null: no team data at all.
 */
export interface TeamScope {
  team: string | null;
  email: string;
  agentId: string | null;
}

/** A request AuthGuard let in. */
export type AuthedRequest = Request & {
  principal?: Principal;
  /** Set when the caller got in on a team grant: the handler must narrow to it. */
  teamScope?: TeamScope;
  /** Extra facts a handler wants in its audit entry (never secrets). */
  auditDetails?: Record<string, unknown>;
};

/** What a caller may do: their role's grants, or their key scope's. */
export function grantsOf(p: Principal): Grants {
  return p.kind === 'user' ? ROLE_GRANTS[p.role] : KEY_SCOPE_GRANTS[p.scope];
}

/** How a 403 names the caller: "the agent role", "an ingest key". */
export function holderOf(p: Principal): string {
  return p.kind === 'user' ? `the ${p.role} role` : `an ${p.scope} key`;
}

/** How histories and the audit log name a caller: a person by address, a key by id. */
export function actorLabel(p: Principal): string {
  return p.kind === 'user' ? p.email : `api-key:${p.keyId}`;
}

/** The caller, set by AuthGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<AuthedRequest>().principal!,
);

/** The team the handler must narrow to, or null when the caller sees every team. */
export const CallerTeamScope = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): TeamScope | null =>
    ctx.switchToHttp().getRequest<AuthedRequest>().teamScope ?? null,
);

/** Adds facts to the audit entry the route writes on success (a role given, an address invited). */
export function addAuditDetails(req: Request, details: Record<string, unknown>): void {
  const r = req as AuthedRequest;
  r.auditDetails = { ...r.auditDetails, ...details };
}
