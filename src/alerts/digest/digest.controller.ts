import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { QueryParams, ValidQuery } from '../../common/query-params';
import { ApiZod } from '../../common/zod-validation';
import { RequirePermission } from '../../workspaces/access';
import { WorkspaceId } from '../../workspaces/auth.guard';
import { DigestService } from './digest.service';

const previewQuery = z
  .object({
    at: z.string().datetime({ offset: true }).optional().describe('Preview the digest due at this time (default now)'),
  })
  .strict();

@ApiTags('alerts')
@Controller('v1/digest')
export class DigestController {
  constructor(private readonly digests: DigestService) {}

  /** The latest due weekly digest as data and as the email would show it, without sending anything. */
  @Get('preview')
  @ApiOperation({ operationId: 'previewDigest', summary: 'Preview the weekly digest' })
  @RequirePermission('alerts:read')
  @ApiZod({ description: 'The weekly digest as data and rendered, for the latest week that is due; sends nothing.' })
  @QueryParams(previewQuery)
  async preview(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof previewQuery>) {
    return this.digests.preview(ws, q.at ? new Date(q.at) : undefined);
  }
}
