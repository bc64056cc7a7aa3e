import { Module } from '@nestjs/common';
import { ResponsesQueryService } from './responses-query.service';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';

@Module({ controllers: [ResponsesController], providers: [ResponsesService, ResponsesQueryService], exports: [ResponsesService] })
export class ResponsesModule {}
