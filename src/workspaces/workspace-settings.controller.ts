import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from './access';
import { WorkspaceId } from './auth.guard';
import { displayNameSchema } from './display-name';
import { WorkspacesService } from './workspaces.service';

const updateSchema = z
  .object({
    displayName: displayNameSchema.describe(
      'The name surveys go out under (email, SMS, calls, the survey page); null: COMPANY_NAME.',
    ),
  })
  .strict();

const settingsSchema = z.object({
  name: z.string().describe('The workspace as it was created.'),
  displayName: z.string().nullable().describe('Its own display name; null when it has none.'),
  senderName: z.string().describe('What its messages say: displayName, else COMPANY_NAME.'),
});

@ApiTags('settings')
@Controller('v1/settings/workspace')
export class WorkspaceSettingsController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiOperation({ operationId: 'getWorkspaceSettings', summary: "Get the workspace's name" })
  @RequirePermission('settings:read')
  @ApiZod({ response: settingsSchema })
  get(@WorkspaceId() ws: string) {
    return this.workspaces.settings(ws);
  }

  @Patch()
  @ApiOperation({ operationId: 'updateWorkspaceSettings', summary: "Set the workspace's display name" })
  @RequirePermission('settings:write')
  @ApiZod({
    body: updateSchema,
    response: settingsSchema,
    description: "Sets or clears the workspace's display name, which its survey messages say.",
  })
  update(@WorkspaceId() ws: string, @Body() body: unknown) {
    const { displayName } = parseBody(updateSchema, body);
    return this.workspaces.setDisplayName(ws, displayName);
  }
}
