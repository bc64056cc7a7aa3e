import type { Server } from 'node:http';

import { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import type { Logger } from 'pino';

import { AppModule } from './app.module';
import { DEV_TWILIO_SIMULATOR } from './channels/dev/dev-twilio';
import { TwilioSimulator } from './channels/twilio/simulator/twilio-simulator';
import { twilioRouteTemplate } from './channels/twilio/twilio-webhooks';
import { compileProxyTrust } from './common/client-ip';
import { Clock, SystemClock } from './common/clock';
import { installFrontDoor } from './common/http-front-door';
import { createAccessLogger, PinoNestLogger } from './common/logger';
import { Metrics } from './common/metrics';
import { ProblemFilter, sendProblem, toProblemBody } from './common/problem.filter';
import { StrictQueryInterceptor } from './common/query-params';
import { requestIdOf } from './common/request-id';
import { rejectUnstorableInput } from './common/storable-input';
import { AppConfig } from './config/config';
import { ConsoleAssetsRouter } from './console-assets';
import { TwilioStatusRouter } from './invitations/twilio-status.router';
import { openApiDocument } from './openapi';
import { TwilioWebhooksRouter } from './replies/twilio-webhooks.router';

/** Metrics label the console's requests as one route: its paths are the browser router's, not ours. */
function consoleRouteTemplate(req: { url?: string }): string | null {
  const path = req.url ?? '';
  return path === '/app' || path.startsWith('/app/') || path.startsWith('/app?') ? '/app/*' : null;
}

/**
 * Builds the app for a role. The API role listens; the worker role only starts queue workers (an
 * application context, no HTTP). Tests call this with their own config and clock.
 */
export async function createApp(
  config: AppConfig,
  logger: Logger,
  clock: Clock = new SystemClock(),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, logger, clock), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  // API answers are not cached by clients; hashing every body for an ETag is wasted work.
  http.set('etag', false);
  // The same rule as the per-address rate limits: X-Forwarded-For only from TRUST_PROXY's peers.
  http.set('trust proxy', compileProxyTrust(config.trustProxy));
  // 1 MB is far above any real event; larger bodies get a 413 problem.
  http.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  http.use(express.urlencoded({ limit: '1mb', extended: false }));
  // NUL, lone surrogates, ±Infinity and deep nesting: a 4xx naming the field, before any route (docs/api.md).
  http.use(rejectUnstorableInput);
  const simulator = app.get<TwilioSimulator | null>(DEV_TWILIO_SIMULATOR);
  // Zero-config runs answer Twilio's API themselves (see dev-twilio.ts); the worker role reaches it over HTTP.
  if (simulator)
    http.use('/dev/twilio', (req: express.Request, res: express.Response) => void simulator.handle(req, res));
  http.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err) return next();
    sendProblem(res, req, toProblemBody(err, logger, requestIdOf(req)));
  });
  app.useGlobalFilters(new ProblemFilter(logger));
  app.useGlobalInterceptors(new StrictQueryInterceptor(app.get(Reflector)));
  // Twilio's webhooks are answered by the Node server itself (see channels/twilio/twilio-webhooks.ts);
  // every request, theirs or Express's, first gets its request id, log line, headers and metrics.
  installFrontDoor(app.getHttpServer() as Server, {
    accessLogger: config.logLevel === 'silent' ? logger : createAccessLogger(config.logLevel),
    metrics: app.get(Metrics),
    // The console's files are answered before Express too: static bytes need none of its machinery.
    routers: [app.get(TwilioWebhooksRouter), app.get(TwilioStatusRouter), new ConsoleAssetsRouter()],
    templateOf: (req) => twilioRouteTemplate(req) ?? consoleRouteTemplate(req),
    hsts: config.publicBaseUrl.startsWith('https:'),
  });
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
