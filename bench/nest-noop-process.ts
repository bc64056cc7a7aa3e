import 'reflect-metadata';

import { AddressInfo } from 'node:net';

import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { announce, runHelper } from './lib/subprocess';

/**
 * The framework's own ceiling: a NestJS 11 + Express 5 app (the service's stack) with one POST
 * route that returns 202 and does nothing else. The gap between this and the raw node:http server
 * is what the framework costs per request; the gap between this and the service is ours.
 */
@Controller('v1/events')
class NoopController {
  @Post()
  @HttpCode(202)
  ingest(@Body() body: Record<string, unknown>) {
    return { eventId: '00000000-0000-0000-0000-000000000000', decisions: [], fields: Object.keys(body).length };
  }
}

@Module({ controllers: [NoopController] })
class NoopModule {}

runHelper(async () => {
  const app = await NestFactory.create(NoopModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  announce({ port: (app.getHttpServer().address() as AddressInfo).port });
});
