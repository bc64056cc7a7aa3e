import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import { ApiZod } from '../common/zod-validation';
import { pingDatabase } from '../database/database-health';
import { Sql } from '../database/sql';
import { QueueService } from '../queue/queue.service';
import { QueueMonitor } from '../queue/queue-monitor';
import { Public } from '../workspaces/auth.guard';

const up = z.enum(['up', 'down']);
const readiness = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  checks: z.object({ postgres: up, redis: up, queues: z.enum(['ok', 'stuck', 'unknown']).optional() }),
  stuck: z
    .array(
      z.object({
        queue: z.string(),
        stuckJobs: z.number().int(),
        oldestActiveSeconds: z.number().int(),
        stuckAfterSeconds: z.number(),
      }),
    )
    .optional(),
});

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Sql,
    private readonly queue: QueueService,
    private readonly monitor: QueueMonitor,
  ) {}

  /** The process is up (for restarts). */
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness' })
  @ApiZod({ response: z.object({ status: z.literal('ok') }) })
  live() {
    return { status: 'ok' };
  }

  /**
   * Postgres and Redis both answer (for load balancers): 503 naming what is down otherwise. A
   * queue whose oldest active job has run longer than QUEUE_STUCK_MS makes it 200 "degraded",
   * naming the queue: this process can still serve, so it stays in the load balancer, but its
   * workers are not getting through their jobs (docs/operations.md).
   */
  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness of Postgres, Redis and queues' })
  @ApiZod({ response: readiness, description: 'Both answer ("ok", or "degraded" naming a stuck queue).' })
  @ApiZod({ response: readiness, status: 503, description: 'Postgres or Redis is down ("unavailable").' })
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
    if (postgres === 'down' || redis === 'down') {
      res.status(503).json({ status: 'unavailable', checks: { postgres, redis } });
      return;
    }
    const standings = await this.monitor.standings().catch(() => null);
    const stuck = (standings ?? [])
      .filter((s) => s.stuck > 0)
      .map((s) => ({
        queue: s.queue,
        stuckJobs: s.stuck,
        oldestActiveSeconds: Math.round(s.oldestActiveSeconds),
        stuckAfterSeconds: this.monitor.stuckAfterSeconds,
      }));
    const queues = standings === null ? 'unknown' : stuck.length ? 'stuck' : 'ok';
    res.status(200).json({
      status: queues === 'ok' ? 'ok' : 'degraded',
      checks: { postgres, redis, queues },
      ...(stuck.length ? { stuck } : {}),
    });
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
