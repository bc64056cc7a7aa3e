import type { ApiKeyScope } from './api-key';

/**
 * What a route needs, as `<resource>:<action>`. Every /v1 route declares exactly one (see
 * access.ts); docs/people.md has the table of which role holds which.
 */
export const PERMISSIONS = [
  'surveys:read',
  'surveys:write',
  'campaigns:read',
  'campaigns:write',
  'contacts:read',
  'contacts:write',
  'events:ingest',
  'events:read',
  'invitations:read',
  'invitations:write',
  'responses:read',
  'responses:export',
  /** Tag a response and correct its themes: notes on the data, not a change to what customers said. */
  'responses:annotate',
  'scores:read',
  'text:read',
  'alerts:read',
  'alerts:act',
  'settings:read',
  'settings:write',
  'webhooks:read',
  'webhooks:write',
  'api-keys:read',
  'api-keys:write',
  'users:read',
  'users:write',
  /** Invite, promote, demote or remove an owner. */
  'users:owners',
  'audit-log:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'analyst', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/**
 * How far a grant reaches: `all` the workspace's data, `team` only the holder's own team (an
 * agent's alerts, responses and scores).
 */
export type Reach = 'all' | 'team';
export type Grants = Partial<Record<Permission, Reach>>;

const every = (except: Permission[] = []): Grants =>
  Object.fromEntries(PERMISSIONS.filter((p) => !except.includes(p)).map((p) => [p, 'all'])) as Grants;

const ANALYST_READS: Permission[] = [
  'surveys:read',
  'campaigns:read',
  'contacts:read',
  'events:read',
  'invitations:read',
  'responses:read',
  'responses:export',
  'scores:read',
  'text:read',
  'alerts:read',
  'settings:read',
  'webhooks:read',
];

/**
 * Each role's grants. An analyst reads everything, exports, and annotates responses (tags, theme
 * corrections) but changes no settings; an agent works their own team's follow-ups.
 */
export const ROLE_GRANTS: Readonly<Record<Role, Grants>> = {
  owner: every(),
  admin: every(['users:owners']),
  analyst: Object.fromEntries([...ANALYST_READS, 'responses:annotate'].map((p) => [p, 'all'])) as Grants,
  agent: { 'alerts:read': 'team', 'alerts:act': 'team', 'responses:read': 'team', 'scores:read': 'team' },
};

/** API keys keep the meaning they had before people existed: admin keys may do everything, ingest keys post events. */
export const KEY_SCOPE_GRANTS: Readonly<Record<ApiKeyScope, Grants>> = {
  admin: every(),
  ingest: { 'events:ingest': 'all' },
};

/** What a route declared: the permission, and whether it knows how to narrow its answer to one team. */
export interface Requirement {
  permission: Permission;
  /** The handler narrows what it reads or changes to the caller's team; a `team` grant is then enough. */
  teamScoped: boolean;
}

export type AccessDecision =
  { allowed: true; reach: Reach } | { allowed: false; permission: Permission; detail: string };

/**
 * Whether grants satisfy a route. A `team` grant opens only routes that narrow to a team, so a
 * route that forgets to narrow stays closed to agents rather than showing them everything.
 */
export function decideAccess(grants: Grants, required: Requirement, holder: string): AccessDecision {
  const reach = grants[required.permission];
  if (reach === 'all' || (reach === 'team' && required.teamScoped)) return { allowed: true, reach };
  const detail =
    reach === 'team'
      ? `This route needs permission ${required.permission} for every team; ${holder} holds it for its own team only.`
      : `This route needs permission ${required.permission}, which ${holder} does not hold.`;
  return { allowed: false, permission: required.permission, detail };
}

/** The permissions of a set of grants, for GET /v1/me (`alerts:read` or `alerts:read:team`). */
export function listGrants(grants: Grants): string[] {
  return PERMISSIONS.filter((p) => grants[p]).map((p) => (grants[p] === 'team' ? `${p}:team` : p));
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Only holders of `users:owners` may hand out, take away or remove the owner role. */
export function touchesOwners(before: Role | null, after: Role | null): boolean {
  return before === 'owner' || after === 'owner';
}
