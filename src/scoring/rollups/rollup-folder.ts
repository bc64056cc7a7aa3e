import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../../common/logger';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Sql } from '../../database/sql';
import { RollupStore } from './rollup-store';

/**
 * Worker role: folds the triggers' rollup deltas into the rollups every ROLLUP_FOLD_MS. Any number
 * of workers may run it; an advisory lock lets one fold at a time and the others skip that round.
 */
@Injectable()
export class RollupFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly store: RollupStore;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    db: Sql,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.store = new RollupStore(db);
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.foldNow(), this.config.rollupFoldMs);
    this.timer.unref();
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

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
