import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { EXPORT_MEDIA_TYPES, parseExportQuery } from './export-query';
import { ResponsesExportService } from './responses-export.service';

@ApiTags('responses')
@ApiBearerAuth()
@Controller('v1/responses')
export class ResponsesExportController {
  constructor(private readonly exports: ResponsesExportService) {}

  @Get('export')
  @RequirePermission('responses:export', { audit: true })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['ndjson', 'csv'],
    description: 'Wins over Accept; without both, NDJSON.',
  })
  @ApiQuery({ name: 'campaignId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'Responses created at or after (ISO 8601 with offset).' })
  @ApiQuery({ name: 'to', required: false, description: 'Responses created before.' })
  @ApiQuery({
    name: 'scoreMin',
    required: false,
    description: 'Inclusive, 0–10: on the NPS answer, or the answer to questionId.',
  })
  @ApiQuery({ name: 'scoreMax', required: false, description: 'Inclusive, 0–10.' })
  @ApiQuery({
    name: 'questionId',
    required: false,
    description: 'The scale question scoreMin/scoreMax apply to (default: the NPS question).',
  })
  @ApiQuery({
    name: 'bom',
    required: false,
    enum: ['true', 'false'],
    description: 'CSV only: start with a UTF-8 BOM so Excel reads UTF-8 (default true).',
  })
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
