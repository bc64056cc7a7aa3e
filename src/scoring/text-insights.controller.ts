import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ApiZod, parseQuery } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { TEXT_LANGUAGES } from './text/text-language';
import { TextInsightsService } from './text-insights.service';

const filter = {
  campaignId: z.string().uuid().optional(),
  from: z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  to: z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  language: z.enum(TEXT_LANGUAGES).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
};
const themesQuery = z.object(filter).strict();
const searchQuery = z.object({ ...filter, q: z.string().trim().min(1).max(200) }).strict();
const any = z.object({}).passthrough();

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/text')
export class TextInsightsController {
  constructor(private readonly insights: TextInsightsService) {}

  @Get('themes')
  @RequirePermission('text:read')
  @ApiZod({
    response: any,
    description:
      'Keywords and themes of open answers per language, the themes detractors raise more than promoters, and sentiment where a lexicon exists.',
  })
  async themes(@WorkspaceId() ws: string, @Query() query: unknown) {
    const { limit, ...f } = parseQuery(themesQuery, query);
    return this.insights.themes({ workspaceId: ws, ...f }, limit);
  }

  @Get('search')
  @RequirePermission('text:read')
  @ApiZod({
    response: any,
    description:
      "Responses whose open answers mention the words of `q`, in any inflection the language's stemmer joins.",
  })
  async search(@WorkspaceId() ws: string, @Query() query: unknown) {
    const { limit, q, ...f } = parseQuery(searchQuery, query);
    return this.insights.search({ workspaceId: ws, ...f }, q, limit);
  }
}
