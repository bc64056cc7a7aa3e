import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ApiZod, parseBody } from '../common/zod-validation';
import { APP_CONFIG, AppConfig } from '../config/config';
import { HttpLimits } from '../limits/http-limits';
import { RequirePermission } from './access';
import { WorkspaceId } from './auth.guard';
import { RateLimitRates, WorkspacesService } from './workspaces.service';

const rate = (scope: string) =>
  z
    .number()
    .int()
    .min(1)
    .nullable()
    .describe(`Requests per minute for each ${scope} key of this workspace; null: the service's default.`);

const ratesSchema = z.object({ adminPerMinute: rate('admin'), ingestPerMinute: rate('ingest') }).strict();

const viewSchema = ratesSchema.extend({
  effective: z
    .object({ adminPerMinute: z.number().int(), ingestPerMinute: z.number().int() })
    .describe('The rates in force: the workspace’s own, else the defaults.'),
});

@ApiTags('settings')
@Controller('v1/settings/rate-limits')
export class RateLimitSettingsController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly limits: HttpLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getRateLimitSettings', summary: "Get the workspace's rate limits" })
  @RequirePermission('settings:read')
  @ApiZod({ response: viewSchema })
  async get(@WorkspaceId() ws: string) {
    return this.view(await this.workspaces.rateLimits(ws));
  }

  @Put()
  @ApiOperation({ operationId: 'setRateLimitSettings', summary: "Set the workspace's rate limits" })
  @RequirePermission('settings:write')
  @ApiZod({
    body: ratesSchema,
    response: viewSchema,
    description: 'Sets the per-key rates of the workspace, each at most RATE_LIMIT_MAX_PER_MINUTE.',
  })
  async put(@WorkspaceId() ws: string, @Body() body: unknown) {
    const max = this.config.rateLimits.maxPerMinute;
    const capped = ratesSchema.extend({
      adminPerMinute: rate('admin').refine((v) => v === null || v <= max, `must be at most ${max}`),
      ingestPerMinute: rate('ingest').refine((v) => v === null || v <= max, `must be at most ${max}`),
    });
    const { adminPerMinute, ingestPerMinute } = parseBody(capped, body);
    return this.view(await this.workspaces.setRateLimits(ws, { admin: adminPerMinute, ingest: ingestPerMinute }));
  }

  private view(rates: RateLimitRates) {
    return {
      adminPerMinute: rates.admin,
      ingestPerMinute: rates.ingest,
      effective: {
        adminPerMinute: rates.admin ?? this.limits.defaultKeyRate('admin'),
        ingestPerMinute: rates.ingest ?? this.limits.defaultKeyRate('ingest'),
      },
    };
  }
}
