import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { createSurveySchema, surveyViewSchema, updateSurveySchema } from './survey.schema';
import { SurveysService } from './surveys.service';

const listQuery = z.object(keysetPageParams).strict();

@ApiTags('surveys')
@Controller('v1/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post()
  @ApiOperation({ operationId: 'createSurvey', summary: 'Create a survey' })
  @RequirePermission('surveys:write')
  @ApiZod({ body: createSurveySchema, response: surveyViewSchema, status: 201 })
  create(@WorkspaceId() ws: string, @Body() body: unknown) {
    return this.surveys.create(ws, parseBody(createSurveySchema, body));
  }

  @Get()
  @ApiOperation({ operationId: 'listSurveys', summary: 'List surveys' })
  @RequirePermission('surveys:read')
  @QueryParams(listQuery)
  @ApiZod({ response: pageSchema(surveyViewSchema), description: 'Newest first.' })
  list(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.surveys.list(ws, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getSurvey', summary: 'Get a survey' })
  @RequirePermission('surveys:read')
  @ApiZod({ response: surveyViewSchema })
  get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.surveys.get(ws, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateSurvey', summary: 'Change a survey' })
  @RequirePermission('surveys:write')
  @ApiZod({
    body: updateSurveySchema,
    response: surveyViewSchema,
    description: 'Creates a new version once the current one has been sent.',
  })
  update(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    return this.surveys.update(ws, id, parseBody(updateSurveySchema, body));
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'deleteSurvey', summary: 'Delete a survey' })
  @RequirePermission('surveys:write')
  @HttpCode(204)
  remove(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.surveys.remove(ws, id);
  }
}
