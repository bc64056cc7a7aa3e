import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { QueryParams } from '../common/query-params';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { EXPORT_MEDIA_TYPES, exportQuerySchema, parseExportQuery } from './export-query';
import { ResponsesExportService } from './responses-export.service';

@ApiTags('responses')
@Controller('v1/responses')
export class ResponsesExportController {
  constructor(private readonly exports: ResponsesExportService) {}

  @Get('export')
  @ApiOperation({ operationId: 'exportResponses', summary: 'Export responses (CSV or NDJSON)' })
  @RequirePermission('responses:export', { audit: true })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @QueryParams(exportQuerySchema)
  @ApiOkResponse({
    description: 'One response per line (NDJSON) or row (CSV), oldest first, streamed. See the README for the columns.',
  })
  async export(
    @WorkspaceId() ws: string,
    @Query() query: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const negotiated = req.accepts(Object.keys(EXPORT_MEDIA_TYPES)) || undefined;
    const plan = await this.exports.plan(parseExportQuery(ws, query, negotiated));
    await this.exports.stream(plan, res);
  }
}
