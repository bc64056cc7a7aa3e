import 'reflect-metadata';

import { createApp } from './bootstrap';
import { createLogger } from './common/logger';
import { StartupError } from './common/startup-error';
import { ConfigError, loadConfig } from './config/config';

/** One entry point: ROLE=api|worker|all (default all) picks what starts. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  if (config.role === 'worker') {
    await app.init();
    logger.info({ role: config.role }, 'palaute worker started');
    return;
  }
  await app.listen(config.port);
  logger.info(
    {
      role: config.role,
      port: config.port,
      publicBaseUrl: config.publicBaseUrl,
      emailTransport: config.smtpUrl ? 'smtp' : 'dev outbox',
    },
    'palaute started',
  );
}

main().catch((err) => {
  // A dependency the environment points at is not there: the message says which variable; a stack would only bury it.
  console.error(err instanceof StartupError ? err.message : err);
  process.exit(1);
});
