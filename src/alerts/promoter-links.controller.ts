import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import { ApiZod, parseQuery } from '../common/zod-validation';
import { LimitPerClient } from '../limits/http-limits';
import { RequirePermission } from '../workspaces/access';
import { Public, WorkspaceId } from '../workspaces/auth.guard';
import { PromoterLinksService } from './promoter-links.service';

const statsQuery = z
  .object({
    campaignId: z.string().uuid().optional(),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

@ApiTags('alerts')
@Controller()
export class PromoterLinksController {
  constructor(private readonly links: PromoterLinksService) {}

  /** The tracked link: count, then redirect. 303 so a browser always follows with GET. Limited per address, like the survey page. */
  @Public()
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

  @ApiBearerAuth()
  @Get('v1/promoter-links/stats')
  @RequirePermission('scores:read')
  @ApiZod({
    description:
      'Promoter links shown and clicked, per campaign and kind, with the click rate (reviews or referrals per invited promoter).',
  })
  stats(@WorkspaceId() ws: string, @Query() query: unknown) {
    const q = parseQuery(statsQuery, query);
    return this.links.stats(ws, {
      campaignId: q.campaignId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
  }
}
