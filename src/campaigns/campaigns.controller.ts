import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { SurveyEmailComposer } from '../messages/survey-email.composer';
import { SurveySmsComposer } from '../messages/survey-sms.composer';
import { SurveysService } from '../surveys/surveys.service';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { WorkspacesService } from '../workspaces/workspaces.service';
import {
  campaignStatusSchema,
  campaignViewSchema,
  createCampaignSchema,
  updateCampaignSchema,
} from './campaign.schema';
import { CampaignsService } from './campaigns.service';

const previewQuery = z
  .object({ locale: z.string().max(35).optional().describe('The contact locale to preview, e.g. fi-FI.') })
  .strict();
const listQuery = z.object(keysetPageParams).strict();

const smsSize = z.object({
  locale: z.string(),
  body: z.string(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  segments: z.number(),
  characters: z.number(),
});
const previewSchema = z.object({
  locale: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  sms: z
    .object({ requested: smsSize, byLocale: z.array(smsSize) })
    .describe('The SMS invitation for the requested locale, and its size in every language the survey has.'),
});

@ApiTags('campaigns')
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly surveys: SurveysService,
    private readonly smsComposer: SurveySmsComposer,
    private readonly composer: SurveyEmailComposer,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createCampaign', summary: 'Create a campaign' })
  @RequirePermission('campaigns:write')
  @ApiZod({ body: createCampaignSchema, response: campaignViewSchema, status: 201 })
  create(@WorkspaceId() ws: string, @Body() body: unknown) {
    return this.campaigns.create(ws, parseBody(createCampaignSchema, body));
  }

  @Get()
  @ApiOperation({ operationId: 'listCampaigns', summary: 'List campaigns' })
  @RequirePermission('campaigns:read')
  @QueryParams(listQuery)
  @ApiZod({ response: pageSchema(campaignViewSchema), description: 'Newest first.' })
  list(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.campaigns.list(ws, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCampaign', summary: 'Get a campaign' })
  @RequirePermission('campaigns:read')
  @ApiZod({ response: campaignViewSchema })
  get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.campaigns.get(ws, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateCampaign', summary: 'Change a campaign' })
  @RequirePermission('campaigns:write')
  @ApiZod({ body: updateCampaignSchema, response: campaignViewSchema })
  update(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    return this.campaigns.update(ws, id, parseBody(updateCampaignSchema, body));
  }

  @Post(':id/status')
  @ApiOperation({ operationId: 'setCampaignStatus', summary: 'Activate, pause or archive a campaign' })
  @RequirePermission('campaigns:write')
  @HttpCode(200)
  @ApiZod({
    body: campaignStatusSchema,
    response: campaignViewSchema,
    description: 'draft → active ⇄ paused → archived',
  })
  setStatus(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    return this.campaigns.setStatus(ws, id, parseBody(campaignStatusSchema, body).status);
  }

  /** The email as a contact with this locale would get it, without sending anything. */
  @Get(':id/preview')
  @ApiOperation({ operationId: 'previewCampaign', summary: "Preview a campaign's messages" })
  @RequirePermission('campaigns:read')
  @QueryParams(previewQuery)
  @ApiZod({ response: previewSchema })
  async preview(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @ValidQuery() { locale }: z.output<typeof previewQuery>,
  ) {
    const campaign = await this.campaigns.get(ws, id);
    const survey = await this.surveys.get(ws, campaign.surveyId);
    const senderName = await this.workspaces.senderName(ws);
    const email = this.composer.compose({
      invitationId: '00000000-0000-0000-0000-000000000000',
      step: 0,
      token: 'preview',
      to: 'preview@example.com',
      contactName: null,
      contactLocale: locale ?? null,
      subject: campaign.emailSubject,
      senderName,
      survey: {
        id: survey.versionId,
        surveyId: survey.id,
        surveyName: survey.name,
        version: survey.version,
        definition: { defaultLocale: survey.defaultLocale, questions: survey.questions },
      },
    });
    const definition = { defaultLocale: survey.defaultLocale, questions: survey.questions };
    const sms = this.smsComposer.text(definition, locale ?? null, senderName);
    return {
      locale: email.locale,
      subject: email.subject,
      html: email.html,
      text: email.text,
      sms: {
        requested: {
          locale: sms.locale,
          body: sms.body,
          encoding: sms.size.encoding,
          segments: sms.size.segments,
          characters: [...sms.body].length,
        },
        byLocale: this.smsComposer.sizes(definition, senderName),
      },
    };
  }
}
