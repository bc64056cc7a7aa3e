/**
 * `npm run openapi`: the OpenAPI document exactly as /docs-json serves it, built without listening
 * on a port, written for the console with the types of its client:
 *
 *   web/src/api/openapi.json   the document, keys sorted (src/openapi.ts), so it changes only where the API does
 *   web/src/api/schema.d.ts    openapi-typescript's types of that document (openapi-fetch reads them)
 *
 * The app cannot boot without Postgres and Redis, so it gets a throwaway database (created and
 * migrated by the app, dropped afterwards) and a queue prefix of its own (its keys deleted
 * afterwards); nothing else is touched.
 * Reads the compiled app in dist/: package.json runs `npm run build` first.
 * test/integration/openapi-document.spec.ts fails when the committed files differ from the routes.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { URL } = require('node:url');

require('reflect-metadata');
const Redis = require('ioredis');
const { Client } = require('pg');
const pino = require('pino');

const { renderTypes } = require('./openapi-types');

const root = path.join(__dirname, '..');
const { createApp } = require(path.join(root, 'dist/bootstrap'));
const { loadConfig } = require(path.join(root, 'dist/config/config'));
const { openApiDocument } = require(path.join(root, 'dist/openapi'));

const OUT = path.join(root, 'web/src/api');

async function withThrowawayDatabase(run) {
  const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/palaute');
  const name = `palaute_openapi_${randomBytes(5).toString('hex')}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  url.pathname = `/${name}`;
  try {
    return await run(url.toString(), name);
  } finally {
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

async function buildDocument() {
  return withThrowawayDatabase(async (databaseUrl, name) => {
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: name,
      ROLE: 'api',
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(config, pino({ level: 'silent' }));
    try {
      return openApiDocument(app);
    } finally {
      await app.close();
      await deleteKeys(config.redisUrl, `${name}:*`);
    }
  });
}

/** The queues' keys the app created while it booted (BullMQ writes each queue's meta). */
async function deleteKeys(redisUrl, pattern) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function main() {
  const document = await buildDocument();
  const types = await renderTypes(document);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'openapi.json'), JSON.stringify(document, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT, 'schema.d.ts'), types);
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`wrote web/src/api/openapi.json and schema.d.ts (${operations} operations)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
