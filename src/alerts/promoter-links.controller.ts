import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import { AnyQueryParams, QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod } from '../common/zod-validation';
import { LimitPerClient } from '../limits/http-limits';
import { RequirePermission } from '../workspaces/access';
import { Public, WorkspaceId } from '../workspaces/auth.guard';
import { PromoterLinksService } from './promoter-links.service';

const statsQuery = z
  .object({
    campaignId: z.string().uuid().optional().describe('One campaign (404 when the workspace has none such)'),
    from: z.string().datetime({ offset: true }).optional().describe('Links shown at or after (ISO 8601 with offset)'),
    to: z.string().datetime({ offset: true }).optional().describe('Links shown before'),
  })
  .strict();

@ApiTags('alerts')
@Controller()
export class PromoterLinksController {
  constructor(private readonly links: PromoterLinksService) {}

  /** The tracked link: count, then redirect. 303 so a browser always follows with GET. Limited per address, like the survey page. */
  @Public()
  @AnyQueryParams()
  @LimitPerClient('survey-page')
  @Get('r/:token')
  @ApiExcludeEndpoint()
  async follow(@Param('token') token: string, @Res() res: Response) {
    const target = await this.links.click(token);
    if (!target) {
      res.status(404).type('text/plain').send('This link is not valid.');
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, target);
  }

  @Get('v1/promoter-links/stats')
  @ApiOperation({ operationId: 'getPromoterLinkStats', summary: 'Promoter link clicks' })
  @RequirePermission('scores:read')
  @ApiZod({
    description:
      'Promoter links shown and clicked, per campaign and kind, with the click rate (reviews or referrals per invited promoter).',
  })
  @QueryParams(statsQuery)
  stats(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof statsQuery>) {
    return this.links.stats(ws, {
      campaignId: q.campaignId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
  }
}
