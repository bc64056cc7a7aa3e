import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { IdPipe } from '../common/id.pipe';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { alertRulesSchema } from './alert-rules';
import { alertSettingsSchema, AlertSettingsService } from './alert-settings.service';
import { promoterInviteSchema } from './promoter-invite';

/** A campaign's alert rules and promoter invitation; absent, the CX-guide defaults apply. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/campaigns/:campaignId')
export class CampaignAlertRulesController {
  constructor(private readonly settings: AlertSettingsService) {}

  @Get('alert-rules')
  @RequirePermission('campaigns:read')
  async rules(@WorkspaceId() ws: string, @Param('campaignId', IdPipe) id: string) {
    return (await this.settings.campaignConfig(ws, id)).rules;
  }

  @Put('alert-rules')
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
  @RequirePermission('campaigns:read')
  async promoterInvite(@WorkspaceId() ws: string, @Param('campaignId', IdPipe) id: string) {
    return (await this.settings.campaignConfig(ws, id)).promoterInvite;
  }

  @Put('promoter-invite')
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
@ApiBearerAuth()
@Controller('v1/settings/alerts')
export class AlertSettingsController {
  constructor(private readonly settings: AlertSettingsService) {}

  @Get()
  @RequirePermission('settings:read')
  get(@WorkspaceId() ws: string) {
    return this.settings.workspaceSettings(ws);
  }

  @Patch()
  @RequirePermission('settings:write')
  @ApiZod({
    body: alertSettingsSchema,
    description:
      'Resolution codes, weekly digest recipients, and the language and zone of alert emails and the digest.',
  })
  update(@WorkspaceId() ws: string, @Body() body: unknown) {
    return this.settings.updateWorkspaceSettings(ws, parseBody(alertSettingsSchema, body));
  }
}
