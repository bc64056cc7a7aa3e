/**
 * Names an audited request from its route, so every state-changing route is audited without a
 * hand-written name that could be forgotten:
 *
 *   POST   /v1/campaigns                 campaigns.create
 *   POST   /v1/alerts/:id/resolve        alerts.resolve
 *   POST   /v1/contacts/import           contacts.import
 *   PATCH  /v1/settings/workspace        settings.workspace.update
 *   PUT    /v1/contacts/:id/opt-outs     contacts.opt-outs.update
 *   DELETE /v1/api-keys/:id              api-keys.delete
 *   GET    /v1/responses/export          responses.export
 */
export function auditActionOf(method: string, routePath: string): string {
  const literals = segments(routePath).filter((s) => !s.startsWith(':'));
  const name = literals.join('.');
  switch (method.toUpperCase()) {
    case 'GET':
      return name;
    case 'POST':
      // A POST to a collection creates; a POST to a named step (resolve, import, status) is that step.
      return literals.length > 1 ? name : `${name}.create`;
    case 'DELETE':
      return `${name}.delete`;
    default:
      return `${name}.update`;
  }
}

/**
 * What an audited request acted on: the resource before the route's first parameter and that
 * parameter's value (`/v1/campaigns/:campaignId/alert-rules` → campaigns, the campaign id); a
 * route without one names its whole path and, when it created something, the new id.
 */
export function auditTargetOf(
  routePath: string,
  params: Record<string, string | undefined>,
  created: unknown,
): { type: string | null; id: string | null } {
  const parts = segments(routePath);
  const first = parts.findIndex((s) => s.startsWith(':'));
  if (first >= 0) {
    return { type: parts.slice(0, first).join('.') || null, id: params[parts[first].slice(1)] ?? null };
  }
  const id = created && typeof created === 'object' ? (created as { id?: unknown }).id : undefined;
  return { type: parts.join('.') || null, id: typeof id === 'string' ? id : null };
}

/** `/v1/alerts/:id/resolve` → `alerts`, `:id`, `resolve` (the version prefix says nothing). */
function segments(routePath: string): string[] {
  return routePath
    .split('/')
    .filter(Boolean)
    .filter((s, i) => !(i === 0 && /^v\d+$/.test(s)));
}

/** Joins a controller's and a handler's path as Nest does: `v1/alerts` + `:id/resolve` → `/v1/alerts/:id/resolve`. */
export function joinRoutePath(controllerPath: string, handlerPath: string): string {
  const joined = [controllerPath, handlerPath]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}
