import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ApiZod, parseBody } from '../../common/zod-validation';
import { RequirePermission } from '../../workspaces/access';
import { WorkspaceId } from '../../workspaces/auth.guard';
import { TwilioAccountsService } from './twilio-accounts.service';

const settingsSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
    authToken: z.string().min(8).max(200),
    sender: z.union(
      [
        z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +358401234567 or a Messaging Service SID (MG…)'),
        z.string().regex(/^MG[0-9a-fA-F]{32}$/),
      ],
      { error: 'must be an E.164 number such as +358401234567 or a Messaging Service SID (MG…)' },
    ),
    smsPerSecond: z.number().positive().max(10000).optional(),
    callerId: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +358401234567')
      .optional()
      .describe('The number survey calls come from; defaults to the sender when that is a number.'),
    callsPerSecond: z.number().positive().max(1000).optional(),
  })
  .strict();

const viewSchema = z.object({
  source: z.enum(['workspace', 'environment']),
  accountSid: z.string(),
  authToken: z.string().describe('Masked: only the last four characters are shown.'),
  sender: z.string(),
  smsPerSecond: z.number(),
  callerId: z.string().nullable(),
  callsPerSecond: z.number(),
  updatedAt: z.string().nullable(),
});

@ApiTags('settings')
@Controller('v1/settings/twilio')
export class TwilioSettingsController {
  constructor(private readonly accounts: TwilioAccountsService) {}

  @Get()
  @ApiOperation({ operationId: 'getTwilioSettings', summary: 'Get the Twilio account' })
  @RequirePermission('settings:read')
  @ApiZod({
    response: viewSchema,
    description: 'The Twilio account this workspace uses; the environment default when none is set.',
  })
  view(@WorkspaceId() workspaceId: string) {
    return this.accounts.view(workspaceId);
  }

  @Put()
  @ApiOperation({ operationId: 'setTwilioSettings', summary: "Store the workspace's Twilio account" })
  @RequirePermission('settings:write')
  @ApiZod({
    body: settingsSchema,
    response: viewSchema,
    description: 'The auth token is encrypted at rest and never returned in full.',
  })
  save(@WorkspaceId() workspaceId: string, @Body() body: unknown) {
    return this.accounts.save(workspaceId, parseBody(settingsSchema, body));
  }

  @Delete()
  @ApiOperation({ operationId: 'deleteTwilioSettings', summary: "Forget the workspace's Twilio account" })
  @RequirePermission('settings:write')
  @HttpCode(200)
  @ApiZod({
    response: viewSchema,
    description: 'Forgets the workspace account; the environment default applies again.',
  })
  remove(@WorkspaceId() workspaceId: string) {
    return this.accounts.remove(workspaceId);
  }
}
