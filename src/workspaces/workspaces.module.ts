import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthGuard } from './auth.guard';
import { FatigueSettingsController } from './fatigue-settings.controller';
import { WorkspaceSettingsController } from './workspace-settings.controller';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';

@Module({
  controllers: [ApiKeysController, FatigueSettingsController, WorkspaceSettingsController],
  providers: [WorkspacesRepository, ApiKeysRepository, WorkspacesService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
