import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { badRequest } from '../common/problem';
import { ApiZod, parseBody } from '../common/zod-validation';
import { SUPPORTED_UI_LOCALES } from '../i18n/locale';
import { SignedIn } from './access';
import { listGrants } from './permissions';
import { CurrentPrincipal, grantsOf, Principal } from './principal';
import { UsersService } from './users.service';
import { WorkspacesService } from './workspaces.service';

/** What a person may change about themselves: how they are named and the language they read. */
const ownChangeSchema = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    locale: z
      .enum(SUPPORTED_UI_LOCALES)
      .nullable()
      .optional()
      .describe('The console, email and page language; null: the browser’s.'),
  })
  .strict();

const meSchema = z.object({
  workspace: z.object({ id: z.string().uuid(), name: z.string() }),
  user: z
    .object({
      id: z.string().uuid(),
      email: z.string(),
      name: z.string().nullable(),
      role: z.enum(['owner', 'admin', 'analyst', 'agent']),
      team: z.string().nullable(),
      agentId: z.string().nullable(),
      locale: z.string().nullable(),
    })
    .nullable()
    .describe('The signed-in person; null for an API key.'),
  apiKey: z
    .object({ id: z.string().uuid(), scope: z.enum(['admin', 'ingest']) })
    .nullable()
    .describe('The calling key; null for a session.'),
  role: z.string().describe('The role, or for a key `key:<scope>`.'),
  permissions: z.array(z.string()).describe('What the caller may do; `<permission>:team` is limited to their team.'),
  csrfToken: z
    .string()
    .nullable()
    .describe('Send as x-csrf-token on every change made with the session cookie; null for an API key.'),
});

@ApiTags('people')
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getMe', summary: 'Who is calling' })
  @SignedIn()
  @ApiZod({
    response: meSchema,
    description: 'Who is calling: the user and their role, the workspace, and a CSRF token.',
  })
  async me(@CurrentPrincipal() who: Principal): Promise<z.output<typeof meSchema>> {
    const settings = await this.workspaces.settings(who.workspaceId);
    const workspace = { id: who.workspaceId, name: settings.name };
    const permissions = listGrants(grantsOf(who));
    if (who.kind === 'api-key')
      return {
        workspace,
        user: null,
        apiKey: { id: who.keyId, scope: who.scope },
        role: `key:${who.scope}`,
        permissions,
        csrfToken: null,
      };
    const { id, email, name, role, team, agentId, locale } = await this.users.get(who.workspaceId, who.userId);
    return {
      workspace,
      user: { id, email, name, role, team, agentId, locale },
      apiKey: null,
      role,
      permissions,
      csrfToken: who.csrfToken,
    };
  }

  @Patch()
  @ApiOperation({ operationId: 'updateMe', summary: 'Change my own name or language' })
  @SignedIn()
  @ApiZod({
    body: ownChangeSchema,
    response: meSchema,
    description:
      'Changes the signed-in person’s own name or language (the console’s language choice); send x-csrf-token.',
  })
  async changeOwn(@CurrentPrincipal() who: Principal, @Body() body: unknown): Promise<z.output<typeof meSchema>> {
    if (who.kind !== 'user') throw badRequest('An API key has no profile: change a person with PATCH /v1/users/{id}.');
    const change = parseBody(ownChangeSchema, body);
    await this.users.update(who.workspaceId, who.userId, change, grantsOf(who));
    return this.me(who);
  }
}
