import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { Metrics } from '../common/metrics';
import { notFound } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Public } from '../workspaces/auth.guard';

/**
 * GET /metrics: this process's metrics in the Prometheus text format. With METRICS_PORT set it is
 * served there instead (metrics-server.ts), and this route answers 404, so the public port does
 * not show them.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Res() res: Response) {
    if (this.config.metricsPort) throw notFound('Route');
    const text = await this.metrics.render();
    // As prom-client states it (text/plain; version=0.0.4; charset=utf-8): Express's send would re-spell it.
    res.status(200).setHeader('content-type', this.metrics.contentType);
    res.end(text);
  }
}
