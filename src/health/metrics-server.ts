import { createServer, Server } from 'node:http';

import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { Metrics } from '../common/metrics';
import { APP_CONFIG, AppConfig } from '../config/config';

/**
 * With METRICS_PORT set, every process (a worker too, which serves no other HTTP) answers
 * GET /metrics on that port, for Prometheus to scrape each process on its own.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metricsPort;
    if (!port) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url !== '/metrics' && !req.url?.startsWith('/metrics?'))) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
        return;
      }
      this.metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': this.metrics.contentType }).end(text),
        (err: Error) => {
          this.log.error({ err: err.message }, 'metrics could not be rendered');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics failed\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, () => resolve());
    });
    this.log.info({ port }, 'metrics served on their own port');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
