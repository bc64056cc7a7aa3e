import { Body, Controller, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { ApiZod, parseBody } from '../common/zod-validation';
import { responseThemesSchema } from '../responses/responses.schema';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { actorLabel, addAuditDetails, CurrentPrincipal, Principal } from '../workspaces/principal';
import { ThemeCorrectionsService } from './theme-corrections.service';

const entries = z.array(z.string().trim().min(1).max(100)).max(20).default([]);
const themesBody = z
  .object({
    add: entries.describe('Words to put on the response as a theme ("long queue"), keyed in its language'),
    remove: entries.describe('Themes to take off: a `key` the response shows, or words that key to one'),
  })
  .strict()
  .refine((b) => b.add.length + b.remove.length > 0, { message: 'Give at least one theme to add or remove' });

@ApiTags('responses')
@Controller('v1/responses')
export class ThemeCorrectionsController {
  constructor(private readonly corrections: ThemeCorrectionsService) {}

  @Put(':id/themes')
  @RequirePermission('responses:annotate')
  @ApiOperation({ operationId: 'correctResponseThemes', summary: 'Correct the themes of a response' })
  @ApiZod({
    body: themesBody,
    response: responseThemesSchema,
    description:
      'Adds and removes themes on one response; GET /v1/text/themes counts its corrected themes from then on. Answers its themes after the change.',
  })
  async correct(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @Req() req: Request,
  ) {
    const b = parseBody(themesBody, body);
    const result = await this.corrections.correct(ws, id, b, actorLabel(caller));
    addAuditDetails(req, { added: result.added, removed: result.removed });
    return result.view;
  }
}
