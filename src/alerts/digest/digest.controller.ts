import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { Clock } from '../../common/clock';
import { ApiZod, parseQuery } from '../../common/zod-validation';
import { Sql } from '../../database/sql';
import { WorkspaceId } from '../../workspaces/auth.guard';
import { AlertSettingsService } from '../alert-settings.service';
import { DigestService } from './digest.service';
import { renderDigestEmail } from './digest.template';
import { dueDigestWeek } from './digest-week';

const previewQuery = z
  .object({
    at: z.string().datetime({ offset: true }).optional().describe('Preview the digest due at this time (default now)'),
  })
  .strict();

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/digest')
export class DigestController {
  constructor(
    private readonly digests: DigestService,
    private readonly settings: AlertSettingsService,
    private readonly db: Sql,
    private readonly clock: Clock,
  ) {}

  /** The latest due weekly digest as data and as the email would show it, without sending anything. */
  @Get('preview')
  @ApiZod({ description: 'The weekly digest as data and rendered, for the latest week that is due; sends nothing.' })
  async preview(@WorkspaceId() ws: string, @Query() query: unknown) {
    const q = parseQuery(previewQuery, query);
    const s = await this.settings.workspaceSettings(ws);
    const [w] = await this.db.query(`SELECT name FROM workspaces WHERE id = $1`, [ws]);
    const week = dueDigestWeek(q.at ? new Date(q.at) : this.clock.now(), s.timezone);
    const data = await this.digests.build(ws, w.name, s.locale, s.timezone, week);
    return { weekStart: week.weekStart, recipients: s.digestRecipients, data, email: renderDigestEmail(data) };
  }
}
