import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/** Anything that can run a parameterised query: the pool, or a client inside a transaction. */
export interface Queryable {
  /**
   * `name` makes it a named prepared statement: parsed and planned once per connection, then only
   * bound and executed. Worth it for fixed SQL on hot paths; the name must always carry the same text.
   * `R` is the row type the caller declares; with none given the rows are `never`, so every
   * repository says what it reads (and a statement that returns nothing says `query<never>`).
   */
  query<R extends QueryResultRow = never>(text: string, params?: unknown[], name?: string): Promise<R[]>;
}

/**
 * SQL on the pool TypeORM manages. TypeORM owns the connection settings and migrations; queries go
 * straight to pg so every statement returns plain rows (TypeORM returns [rows, count] for UPDATE)
 * and the hot paths skip its per-call QueryRunner setup.
 */
@Injectable()
export class Sql implements Queryable {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  async query<R extends QueryResultRow = never>(text: string, params?: unknown[], name?: string): Promise<R[]> {
    const { client, release } = await this.checkOut();
    try {
      return await corkedQuery<R>(client, text, params, name);
    } finally {
      release();
    }
  }

  /** Runs fn in one transaction; rolls back when it throws. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const { client, release } = await this.checkOut();
    const tx: Queryable = { query: (text, params, name) => corkedQuery(client, text, params, name) };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      release();
    }
  }

  /**
   * A client from the pool, watched while it is out. When its connection breaks (the database
   * restarts, the network drops) pg fails the statement in flight and also emits `error` on the
   * client; the pool listens only to idle clients, so without a listener here that event would
   * crash the process. The broken client is handed back as broken, and the pool discards it.
   */
  private async checkOut(): Promise<{ client: PoolClient; release: () => void }> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (err: Error) => (broken ??= err);
    client.on('error', onError);
    return {
      client,
      release: () => {
        client.off('error', onError);
        client.release(broken);
      },
    };
  }
}

/**
 * pg writes a parameterised query as five protocol messages, one socket write each. Corking the
 * socket while pg submits (synchronously, on an idle client) sends them in one write: a syscall
 * per statement instead of five, which is most of pg's CPU cost on a busy small machine.
 */
async function corkedQuery<R extends QueryResultRow>(
  client: PoolClient,
  text: string,
  params?: unknown[],
  name?: string,
): Promise<R[]> {
  const stream = (
    client as unknown as { connection?: { stream?: NodeJS.WritableStream & { cork?(): void; uncork?(): void } } }
  ).connection?.stream;
  stream?.cork?.();
  let pending: Promise<{ rows: R[] }>;
  try {
    pending = name ? client.query<R>({ name, text, values: params }) : client.query<R>(text, params);
  } finally {
    stream?.uncork?.();
  }
  return (await pending).rows;
}
