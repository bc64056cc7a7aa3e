import { AddressInfo } from 'node:net';

import { INestApplication } from '@nestjs/common';
import pino from 'pino';

import { createApp } from '../../src/bootstrap';
import { Clock, SystemClock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/config';
import { Sql } from '../../src/database/sql';
import { WorkspacesService } from '../../src/workspaces/workspaces.service';
import { createTestDatabase, REDIS_URL, uniqueQueuePrefix } from './databases';

/**
 * The app's Sql, as tests use it: they read and write tables directly to set up and check state,
 * and their rows are whatever the statement selects (src declares a row type on every query).
 */
export interface TestSql extends Pick<Sql, 'transaction'> {
  query(text: string, params?: unknown[], name?: string): Promise<any[]>;
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: AppConfig;
  databaseUrl: string;
  db: TestSql;
  /** A new workspace with its admin key. */
  workspace(name?: string): Promise<{ workspaceId: string; apiKey: string }>;
  /** JSON request helper: returns status, headers and parsed body. */
  api(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/**
 * The whole service in this process, on its own database and queue prefix, listening on a free
 * port. Real Postgres, real Redis; env-style overrides go through the real config parser.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  clock: Clock = new SystemClock(),
  options: {
    /** The URL the app connects with, given its database's own (a chaos test puts a proxy in between). */
    databaseUrl?: (direct: string) => string;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl?.(database.url) ?? database.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueQueuePrefix(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    ...env,
  });
  const logger = pino({ level: config.logLevel });
  const app = await createApp(config, logger, clock);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  // Links in messages must point at this listener, so the public URL follows the real port.
  if (!env.PUBLIC_BASE_URL) (config as { publicBaseUrl: string }).publicBaseUrl = baseUrl;
  const db: TestSql = app.get(Sql);

  return {
    app,
    baseUrl,
    config,
    databaseUrl: database.url,
    db,
    workspace: (name = 'Acme') => app.get(WorkspacesService).createWorkspace(name),
    api: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      const res = await fetch(baseUrl + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Polls until fn returns a truthy value (no blind sleeps). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
