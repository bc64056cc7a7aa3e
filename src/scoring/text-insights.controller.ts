import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { keysetPageParams } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { TEXT_LANGUAGES } from './text/text-language';
import { textSearchSchema, textThemesSchema } from './text-insights.schema';
import { TextInsightsService } from './text-insights.service';

const filter = {
  campaignId: z.string().uuid().optional().describe('One campaign (404 when the workspace has none such)'),
  from: z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional()
    .describe('Responses created at or after (ISO 8601 with offset)'),
  to: z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional()
    .describe('Responses created before'),
  language: z.enum(TEXT_LANGUAGES).optional(),
};
const themesQuery = z
  .object({
    ...filter,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .optional()
      .describe('How many themes (a ranking, not a page: default 20)'),
  })
  .strict();
const searchQuery = z
  .object({ ...filter, q: z.string().trim().min(1).max(200).describe('The words to find'), ...keysetPageParams })
  .strict();

@ApiTags('scores')
@Controller('v1/text')
export class TextInsightsController {
  constructor(private readonly insights: TextInsightsService) {}

  @Get('themes')
  @ApiOperation({ operationId: 'getTextThemes', summary: 'Themes of open answers' })
  @RequirePermission('text:read')
  @ApiZod({
    response: textThemesSchema,
    description:
      'Keywords and themes of open answers per language, the themes detractors raise more than promoters, and sentiment where a lexicon exists.',
  })
  @QueryParams(themesQuery)
  async themes(@WorkspaceId() ws: string, @ValidQuery() query: z.output<typeof themesQuery>) {
    const { limit, ...f } = query;
    return this.insights.themes({ workspaceId: ws, ...f }, limit);
  }

  @Get('search')
  @ApiOperation({ operationId: 'searchText', summary: 'Search open answers' })
  @RequirePermission('text:read')
  @ApiZod({
    response: textSearchSchema,
    description:
      "Responses whose open answers mention the words of `q`, in any inflection the language's stemmer joins, newest first: `{ query, searched, data, nextCursor }`.",
  })
  @QueryParams(searchQuery)
  async search(@WorkspaceId() ws: string, @ValidQuery() query: z.output<typeof searchQuery>) {
    const { limit, cursor, q, ...f } = query;
    return this.insights.search({ workspaceId: ws, ...f }, q, { limit, cursor });
  }
}
