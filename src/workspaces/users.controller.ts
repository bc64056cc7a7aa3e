import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { SUPPORTED_UI_LOCALES } from '../i18n/locale';
import { RequirePermission } from './access';
import { WorkspaceId } from './auth.guard';
import { ROLES } from './permissions';
import { addAuditDetails, CurrentPrincipal, grantsOf, Principal } from './principal';
import { UsersService } from './users.service';

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();
const fields = {
  name: optionalText(200),
  team: optionalText(200).describe("An agent's team: they see its alerts, responses and scores (required for agents)."),
  agentId: optionalText(200).describe("The agent's id or name in the CRM: alerts naming it are theirs too."),
  locale: z.enum(SUPPORTED_UI_LOCALES).nullable().optional().describe('Language of their emails and pages.'),
};

const inviteSchema = z
  .object({
    email: z.string().trim().max(320).pipe(z.email('Expected an email address')),
    role: z.enum(ROLES),
    ...fields,
    sendInvitation: z.boolean().optional().describe('Default true: email a sign-in link that works once.'),
  })
  .strict();

const updateSchema = z.object({ role: z.enum(ROLES).optional(), ...fields }).strict();

const listQuery = z.object(keysetPageParams).strict();

const userSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  team: z.string().nullable(),
  agentId: z.string().nullable(),
  locale: z.string().nullable(),
  status: z.enum(['invited', 'active']),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});

/** The people of the workspace. Inviting is POST /v1/users: the user exists at once and gets a link by email. */
@ApiTags('people')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ operationId: 'inviteUser', summary: 'Invite a person' })
  @RequirePermission('users:write', { audit: 'users.invite' })
  @ApiZod({
    body: inviteSchema,
    response: userSchema.extend({ invitationSent: z.boolean() }),
    status: 201,
    description:
      'Invites a person: they can sign in at once with the emailed link (valid INVITE_LINK_HOURS) or by asking for one. Only owners invite owners.',
  })
  invite(@WorkspaceId() ws: string, @CurrentPrincipal() who: Principal, @Body() body: unknown, @Req() req: Request) {
    const input = parseBody(inviteSchema, body);
    addAuditDetails(req, { email: input.email.trim().toLowerCase(), role: input.role });
    return this.users.invite(ws, input, grantsOf(who));
  }

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'List people' })
  @RequirePermission('users:read')
  @QueryParams(listQuery)
  @ApiZod({ response: pageSchema(userSchema), description: 'Newest first.' })
  list(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.users.list(ws, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'Get a person' })
  @RequirePermission('users:read')
  @ApiZod({ response: userSchema })
  get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.users.get(ws, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateUser', summary: "Change a person's role, team or details" })
  @RequirePermission('users:write')
  @ApiZod({
    body: updateSchema,
    response: userSchema,
    description: 'Changes a role, team, agent id, name or locale; takes effect on their next request.',
  })
  update(
    @WorkspaceId() ws: string,
    @CurrentPrincipal() who: Principal,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    const change = parseBody(updateSchema, body);
    addAuditDetails(req, { change });
    return this.users.update(ws, id, change, grantsOf(who));
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'removeUser', summary: 'Remove a person' })
  @HttpCode(204)
  @RequirePermission('users:write', { audit: 'users.remove' })
  @ApiZod({ description: 'Removes a person; their sessions end at once. The last owner cannot be removed.' })
  async remove(
    @WorkspaceId() ws: string,
    @CurrentPrincipal() who: Principal,
    @Param('id', IdPipe) id: string,
  ): Promise<void> {
    await this.users.remove(ws, id, grantsOf(who));
  }
}
