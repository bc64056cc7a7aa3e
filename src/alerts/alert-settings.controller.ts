import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { ApiZod, parseBody } from '../common/zod-validation';
import { SUPPORTED_UI_LOCALES } from '../i18n/locale';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { alertRulesSchema } from './alert-rules';
import { alertSettingsSchema, AlertSettingsService } from './alert-settings.service';
import { promoterInviteSchema } from './promoter-invite';

const alertSettingsView = z.object({
  resolutionCodes: z.array(z.string()).describe('The codes an alert may be resolved with.'),
  digestRecipients: z.array(z.string()).describe('Who gets the weekly digest (none: no digest).'),
  locale: z.enum(SUPPORTED_UI_LOCALES).describe('Language of alert emails and the digest.'),
  timezone: z.string().describe('IANA zone of the digest week and the times in alert emails.'),
});

/** A campaign's alert rules and promoter invitation; absent, the CX-guide defaults apply. */
@ApiTags('alerts')
@Controller('v1/campaigns/:campaignId')
export class CampaignAlertRulesController {
  constructor(private readonly settings: AlertSettingsService) {}

  @Get('alert-rules')
  @ApiOperation({ operationId: 'getAlertRules', summary: "Get a campaign's alert rules" })
  @RequirePermission('campaigns:read')
  async rules(@WorkspaceId() ws: string, @Param('campaignId', IdPipe) id: string) {
    return (await this.settings.campaignConfig(ws, id)).rules;
  }

  @Put('alert-rules')
  @ApiOperation({ operationId: 'setAlertRules', summary: "Set a campaign's alert rules" })
  @RequirePermission('campaigns:write')
  @ApiZod({
    body: alertRulesSchema,
    description:
      'Score ranges (default NPS 0–6, CSAT 1–2, CES 1–3), per-question overrides, comment keywords and routing by an event property.',
  })
  setRules(@WorkspaceId() ws: string, @Param('campaignId', IdPipe) id: string, @Body() body: unknown) {
    return this.settings.setRules(ws, id, parseBody(alertRulesSchema, body));
  }

  @Get('promoter-invite')
  @ApiOperation({ operationId: 'getPromoterInvite', summary: "Get a campaign's promoter invite" })
  @RequirePermission('campaigns:read')
  async promoterInvite(@WorkspaceId() ws: string, @Param('campaignId', IdPipe) id: string) {
    return (await this.settings.campaignConfig(ws, id)).promoterInvite;
  }

  @Put('promoter-invite')
  @ApiOperation({ operationId: 'setPromoterInvite', summary: "Set a campaign's promoter invite" })
  @RequirePermission('campaigns:write')
  @ApiZod({
    body: promoterInviteSchema,
    description:
      'Invite promoters (9–10) to a public review or a referral through a tracked link on the thank-you page.',
  })
  setPromoterInvite(@WorkspaceId() ws: string, @Param('campaignId', IdPipe) id: string, @Body() body: unknown) {
    return this.settings.setPromoterInvite(ws, id, parseBody(promoterInviteSchema, body));
  }
}

@ApiTags('alerts')
@Controller('v1/settings/alerts')
export class AlertSettingsController {
  constructor(private readonly settings: AlertSettingsService) {}

  @Get()
  @ApiOperation({ operationId: 'getAlertSettings', summary: "Get the workspace's alert settings" })
  @RequirePermission('settings:read')
  @ApiZod({ response: alertSettingsView })
  get(@WorkspaceId() ws: string): Promise<z.output<typeof alertSettingsView>> {
    return this.settings.workspaceSettings(ws);
  }

  @Patch()
  @ApiOperation({ operationId: 'updateAlertSettings', summary: "Change the workspace's alert settings" })
  @RequirePermission('settings:write')
  @ApiZod({
    body: alertSettingsSchema,
    response: alertSettingsView,
    description:
      'Resolution codes, weekly digest recipients, and the language and zone of alert emails and the digest.',
  })
  update(@WorkspaceId() ws: string, @Body() body: unknown): Promise<z.output<typeof alertSettingsView>> {
    return this.settings.updateWorkspaceSettings(ws, parseBody(alertSettingsSchema, body));
  }
}
