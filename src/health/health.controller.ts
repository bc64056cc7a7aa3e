import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { pingDatabase } from '../database/database-health';
import { Sql } from '../database/sql';
import { QueueService } from '../queue/queue.service';
import { Public } from '../workspaces/auth.guard';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Sql,
    private readonly queue: QueueService,
  ) {}

  /** The process is up (for restarts). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Postgres and Redis both answer (for load balancers). 503 naming what is down otherwise. */
  @Get('ready')
  async ready(@Res() res: Response) {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000);
        return 'up';
      } catch {
        return 'down';
      }
    };
    const [postgres, redis] = await Promise.all([check(() => pingDatabase(this.db)), check(() => this.queue.ping())]);
    const ok = postgres === 'up' && redis === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
