import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams } from '../common/pagination';
import { badRequest } from '../common/problem';
import { QueryParams, ValidQuery } from '../common/query-params';
import { isoDuration } from '../common/zod-fields';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { actorLabel, CallerTeamScope, CurrentPrincipal, Principal, TeamScope } from '../workspaces/principal';
import { alertDetailSchema, alertMetricsSchema, alertPageSchema } from './alert-view.schema';
import { AlertsService } from './alerts.service';
import { MAX_NOTE_LENGTH } from './workflow';

const duration = isoDuration.transform((d) => d.ms);

const listQuery = z
  .object({
    status: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(['open', 'acknowledged', 'resolved'])))
      .optional()
      .describe('Comma-separated: open, acknowledged, resolved'),
    campaignId: z
      .string()
      .uuid()
      .optional()
      .describe("Only this campaign's alerts (404 when the workspace has none such)"),
    team: z.string().max(200).optional().describe('Compared case-insensitively'),
    assignee: z
      .string()
      .max(320)
      .optional()
      .describe('An address, "me" for the signed-in person, or "none" for unassigned alerts'),
    olderThan: duration.optional().describe('ISO 8601 duration: alerts created at least this long ago (P1D)'),
    newerThan: duration.optional().describe('ISO 8601 duration: alerts created at most this long ago'),
    ...keysetPageParams,
  })
  .strict();

const metricsQuery = z
  .object({
    from: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('Alerts created at or after (ISO 8601 with offset)'),
    to: z.string().datetime({ offset: true }).optional().describe('Alerts created before'),
    campaignId: z
      .string()
      .uuid()
      .optional()
      .describe("Only this campaign's alerts (404 when the workspace has none such)"),
    groupBy: z.enum(['team', 'campaign', 'assignee']).default('team'),
  })
  .strict();

// `actor` names the person acting: API keys belong to integrations, the history should name people.
const actor = z.string().trim().min(1).max(320).optional();
const note = z.string().max(MAX_NOTE_LENGTH, `A note cannot exceed ${MAX_NOTE_LENGTH} characters`).optional();
const acknowledgeBody = z.object({ note, actor }).strict();
const resolveBody = z.object({ code: z.string().min(1).max(40), note, actor }).strict();
const assignBody = z
  .object({ assignee: z.email('assignee must be an email address').nullable(), note, actor })
  .strict();
const noteBody = z.object({ note: z.string().max(MAX_NOTE_LENGTH), actor }).strict();

/** A person signed in is named by their own address; an integration's key may name the person it acts for. */
const who = (caller: Principal, given?: string) =>
  caller.kind === 'user' ? caller.email : (given ?? actorLabel(caller));

/** `assignee=me`: the signed-in person's address; an API key is nobody's, so it cannot ask. */
function myAddress(caller: Principal): string {
  if (caller.kind === 'user') return caller.email;
  throw badRequest('Invalid query parameters.', [
    { path: 'assignee', message: '"me" names the signed-in person; an API key is not one. Give an address.' },
  ]);
}

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ operationId: 'listAlerts', summary: 'List alerts' })
  @RequirePermission('alerts:read', { teamScoped: true })
  @QueryParams(listQuery)
  @ApiZod({
    response: alertPageSchema,
    description: 'Alerts, newest first, filtered by status, campaign, team, assignee and age: `{ data, nextCursor }`.',
  })
  list(
    @WorkspaceId() ws: string,
    @ValidQuery() q: z.output<typeof listQuery>,
    @CallerTeamScope() scope: TeamScope | null,
    @CurrentPrincipal() caller: Principal,
  ) {
    const assignee = q.assignee?.toLowerCase() === 'me' ? myAddress(caller) : q.assignee;
    return this.alerts.list(ws, { ...q, assignee, olderThanMs: q.olderThan, newerThanMs: q.newerThan }, scope);
  }

  @Get('metrics')
  @ApiOperation({ operationId: 'getAlertMetrics', summary: 'Time to acknowledge and resolve' })
  @RequirePermission('alerts:read', { teamScoped: true })
  @ApiZod({
    response: alertMetricsSchema,
    description:
      'Time to acknowledge and time to resolve (median, p90, mean), overall and per team, campaign or assignee.',
  })
  @QueryParams(metricsQuery)
  metrics(
    @WorkspaceId() ws: string,
    @ValidQuery() q: z.output<typeof metricsQuery>,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    return this.alerts.metrics(
      ws,
      { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
      scope,
    );
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getAlert', summary: 'Get an alert with its history' })
  @RequirePermission('alerts:read', { teamScoped: true })
  @ApiZod({ response: alertDetailSchema, description: 'The alert with every response on it and its history.' })
  get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @CallerTeamScope() scope: TeamScope | null) {
    return this.alerts.get(ws, id, undefined, scope);
  }

  @Post(':id/acknowledge')
  @ApiOperation({ operationId: 'acknowledgeAlert', summary: 'Acknowledge an alert' })
  @RequirePermission('alerts:act', { teamScoped: true })
  @HttpCode(200)
  @ApiZod({ body: acknowledgeBody, response: alertDetailSchema, description: 'The alert as it now stands.' })
  acknowledge(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    const b = parseBody(acknowledgeBody, body);
    return this.alerts.act(ws, id, { type: 'acknowledge', note: b.note }, who(caller, b.actor), scope);
  }

  @Post(':id/resolve')
  @ApiOperation({ operationId: 'resolveAlert', summary: 'Resolve an alert' })
  @RequirePermission('alerts:act', { teamScoped: true })
  @HttpCode(200)
  @ApiZod({
    body: resolveBody,
    response: alertDetailSchema,
    description:
      'Resolve with a resolution code (the workspace list, default called_back, refund, no_action, could_not_reach).',
  })
  resolve(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    const b = parseBody(resolveBody, body);
    return this.alerts.act(ws, id, { type: 'resolve', code: b.code, note: b.note }, who(caller, b.actor), scope);
  }

  @Post(':id/reopen')
  @ApiOperation({ operationId: 'reopenAlert', summary: 'Reopen an alert' })
  @RequirePermission('alerts:act', { teamScoped: true })
  @HttpCode(200)
  @ApiZod({ body: acknowledgeBody, response: alertDetailSchema, description: 'The alert as it now stands.' })
  reopen(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    const b = parseBody(acknowledgeBody, body);
    return this.alerts.act(ws, id, { type: 'reopen', note: b.note }, who(caller, b.actor), scope);
  }

  @Post(':id/assign')
  @ApiOperation({ operationId: 'assignAlert', summary: 'Assign an alert' })
  @RequirePermission('alerts:act', { teamScoped: true })
  @HttpCode(200)
  @ApiZod({ body: assignBody, response: alertDetailSchema, description: 'The alert as it now stands.' })
  assign(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    const b = parseBody(assignBody, body);
    return this.alerts.act(ws, id, { type: 'assign', assignee: b.assignee, note: b.note }, who(caller, b.actor), scope);
  }

  @Post(':id/notes')
  @ApiOperation({ operationId: 'addAlertNote', summary: 'Add a note to an alert' })
  @RequirePermission('alerts:act', { teamScoped: true })
  @HttpCode(200)
  @ApiZod({ body: noteBody, response: alertDetailSchema, description: 'The alert as it now stands.' })
  addNote(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    const b = parseBody(noteBody, body);
    return this.alerts.act(ws, id, { type: 'note', note: b.note }, who(caller, b.actor), scope);
  }
}
