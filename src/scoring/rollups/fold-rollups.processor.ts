import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../../common/logger';
import { Metrics } from '../../common/metrics';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { QueueService } from '../../queue/queue.service';
import { ScoreRollupsRepository } from './score-rollups.repository';

/**
 * The `scoring.fold-rollups` job: folds the triggers' rollup deltas into the rollups every
 * ROLLUP_FOLD_MS. The job's scheduler runs one fold at a time across workers; the repository's
 * advisory lock also keeps a fold started by hand (tests, the CLI) from overlapping it.
 */
@Injectable()
export class FoldRollupsProcessor implements OnModuleInit {
  private running?: Promise<unknown>;

  constructor(
    readonly store: ScoreRollupsRepository,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    metrics: Metrics,
  ) {
    metrics.gauge(
      'palaute_rollup_fold_lag_seconds',
      'Age of the oldest rollup delta not folded yet (0: the fold is caught up); read from Postgres.',
      [],
      async (gauge) => gauge.set({}, await this.store.foldLagSeconds()),
    );
  }

  onModuleInit(): void {
    this.queue.schedule({ name: 'scoring.fold-rollups', everyMs: this.config.rollupFoldMs, run: () => this.foldNow() });
  }

  /** One fold round (waits for a running one instead of starting a second). */
  foldNow(): Promise<unknown> {
    this.running ??= this.store
      .fold()
      .catch((err: Error) =>
        this.log.error({ err: err.message }, 'rollup fold failed; the deltas stay and are folded next time'),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
