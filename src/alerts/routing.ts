import { z } from 'zod';

import { readOwnPath } from '../common/own-path';

/** Who handles an alert: a person it is assigned to, an address that is told, or both. */
export interface AlertOwner {
  /** The person the alert is assigned to (their email address); they are also notified. */
  assignee?: string;
  /** An address notified without assigning anyone, e.g. a team list. */
  email?: string;
}

// Same roots-free dotted path as the trigger filter's `properties.…` part: `team`, `agent.team`.
const PROPERTY_PATH = /^[\p{L}\p{N}_$-]+(?:\.[\p{L}\p{N}_$-]+)*$/u;

export const alertOwnerSchema = z
  .object({
    assignee: z.email('assignee must be an email address').optional(),
    email: z.email('email must be an email address').optional(),
  })
  .strict()
  .refine((o) => Boolean(o.assignee || o.email), 'An owner needs an assignee, an email, or both');

/**
 * Routes a campaign's alerts by one event property: `{ property: 'team', routes: { billing:
 * { assignee: 'anna@example.com' } }, fallback: { email: 'cx@example.com' } }`. Values match
 * trimmed and case-insensitively, since CRMs disagree on "Billing" vs "billing".
 */
export const alertRoutingSchema = z
  .object({
    /** A dotted path into the event's properties, without the `properties.` prefix. */
    property: z.string().regex(PROPERTY_PATH, 'property must be a dotted path such as "team" or "agent.team"'),
    routes: z.record(z.string().trim().min(1).max(200), alertOwnerSchema),
    /** For a missing property or a value with no route; absent: the alert has no owner. */
    fallback: alertOwnerSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Map<string, string>();
    for (const key of Object.keys(r.routes)) {
      const norm = normalizeValue(key);
      const earlier = seen.get(norm);
      if (earlier !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['routes', key],
          message: `Route ${JSON.stringify(key)} is the same value as ${JSON.stringify(earlier)}`,
        });
      else seen.set(norm, key);
    }
  });

export type AlertRouting = z.output<typeof alertRoutingSchema>;

export interface RouteDecision {
  owner: AlertOwner | null;
  /** `route`: a route matched; `fallback`: none did; `none`: no routing or no fallback. */
  via: 'route' | 'fallback' | 'none';
  /** The route key that matched, as configured. */
  routeKey: string | null;
  /** The property value as the event had it (arrays: the element that matched, else the first). */
  value: string | null;
}

function normalizeValue(v: string): string {
  return v.trim().normalize('NFC').toLowerCase();
}

const scalarText = (v: unknown): string | null =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : null;

/**
 * The owner of an alert for an event's properties. A list-valued property (`teams: ["vip",
 * "billing"]`) takes the first element with a route, in the event's order.
 */
export function routeAlert(
  properties: Record<string, unknown> | null | undefined,
  routing: AlertRouting | null | undefined,
): RouteDecision {
  if (!routing) return { owner: null, via: 'none', routeKey: null, value: null };
  const raw = readOwnPath(properties, routing.property);
  const values = (Array.isArray(raw) ? raw : [raw])
    .map(scalarText)
    .filter((v): v is string => v !== null && v.trim() !== '');
  const keys = new Map(Object.keys(routing.routes).map((k) => [normalizeValue(k), k]));
  for (const value of values) {
    const key = keys.get(normalizeValue(value));
    if (key !== undefined) return { owner: routing.routes[key], via: 'route', routeKey: key, value };
  }
  const value = values[0] ?? null;
  return routing.fallback
    ? { owner: routing.fallback, via: 'fallback', routeKey: null, value }
    : { owner: null, via: 'none', routeKey: null, value };
}

/** Addresses to notify for an owner, assignee first, without repeats. */
export function notifyAddresses(owner: AlertOwner | null): string[] {
  if (!owner) return [];
  return [...new Set([owner.assignee, owner.email].filter((a): a is string => Boolean(a)).map((a) => a.trim()))];
}
