import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZod, parseQuery } from '../common/zod-validation';
import { WorkspaceId } from '../workspaces/auth.guard';
import { ScoresService } from './scores.service';

const scoresQuery = z.object({
  campaignId: z.string().uuid().optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

const dist = z.record(z.string(), z.number().int());
const scoresSchema = z.object({
  campaignId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  nps: z.object({ n: z.number(), score: z.number().nullable(), promoters: z.number(), passives: z.number(), detractors: z.number(), distribution: dist }).passthrough(),
  csat: z.object({ n: z.number(), score: z.number().nullable(), mean: z.number().nullable(), distribution: dist }).passthrough(),
  ces: z.object({ n: z.number(), mean: z.number().nullable(), easyPct: z.number().nullable(), distribution: dist }).passthrough(),
  responses: z.number(),
  invitationsSent: z.number(),
  responseRate: z.number().nullable(),
});

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/scores')
export class ScoresController {
  constructor(private readonly scores: ScoresService) {}

  @Get()
  @ApiQuery({ name: 'campaignId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive (response time)' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' })
  @ApiZod({ response: scoresSchema, description: 'NPS, CSAT and CES with n and distribution; response rate of invitations sent in the period.' })
  get(@WorkspaceId() ws: string, @Query() query: unknown) {
    const q = parseQuery(scoresQuery, query);
    return this.scores.scores({ workspaceId: ws, campaignId: q.campaignId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
  }
}
