import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';

import { APP_CONFIG, AppConfig } from '../config/config';
import { QueueService } from '../queue/queue.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { RedisAttemptLimiter, SIGN_IN_LIMITER } from './attempt-limiter';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLogController } from './audit-log.controller';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogService } from './audit-log.service';
import { AuthGuard } from './auth.guard';
import { FatigueSettingsController } from './fatigue-settings.controller';
import { MeController } from './me.controller';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitSettingsController } from './rate-limit-settings.controller';
import { RateLimitsRepository } from './rate-limits.repository';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';
import { SignInLinksService } from './sign-in-links.service';
import { SignInTokensRepository } from './sign-in-tokens.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { WorkspaceSettingsController } from './workspace-settings.controller';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';

/** Sign-in attempts are counted per 15 minutes (SIGN_IN_LIMIT_PER_ADDRESS, SIGN_IN_LIMIT_PER_IP). */
const SIGN_IN_WINDOW_MS = 15 * 60_000;

@Module({
  controllers: [
    ApiKeysController,
    FatigueSettingsController,
    WorkspaceSettingsController,
    UsersController,
    MeController,
    AuditLogController,
    SignInController,
    RateLimitSettingsController,
  ],
  providers: [
    WorkspacesRepository,
    ApiKeysRepository,
    WorkspacesService,
    UsersRepository,
    UsersService,
    SignInTokensRepository,
    SignInLinksService,
    SignInService,
    SessionsRepository,
    SessionsService,
    AuditLogRepository,
    AuditLogService,
    {
      provide: SIGN_IN_LIMITER,
      inject: [QueueService, APP_CONFIG],
      useFactory: (queue: QueueService, config: AppConfig) =>
        new RedisAttemptLimiter(queue.connection, config.queuePrefix, SIGN_IN_WINDOW_MS),
    },
    RateLimitsRepository,
    // In this order: the rate limit counts against the caller the auth guard found.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [WorkspacesService, AuditLogService],
})
export class WorkspacesModule {}
