import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

import { Queue } from 'bullmq';
import IORedis from 'ioredis';

import { DISPATCH_QUEUE } from '../../src/queue/jobs';
import { supportSurvey, ticketClosed } from './fixtures';
import { SmtpSink } from './smtp-sink';
import { eventually, TestApp } from './test-app';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Worker processes (`node dist/main.js`, ROLE=worker) sending an email batch that a test's own
 * API process created, and what the test needs to judge the outcome from the receiving server and
 * the database: which invitations are still open, which are listed for review.
 */
export class EmailBatch {
  readonly workers: ChildProcess[] = [];
  private readonly redis: IORedis;
  private readonly dispatch: Queue;
  private key = '';

  constructor(
    private readonly t: TestApp,
    private readonly sink: SmtpSink,
    private readonly workerEnv: Record<string, string> = {},
  ) {
    this.redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
    this.dispatch = new Queue(DISPATCH_QUEUE, { connection: this.redis, prefix: t.config.queuePrefix });
  }

  /** An active email campaign and `size` events for it, one recipient each (`customer<prefix>-<i>@example.com`). */
  async create(size: number, prefix: string): Promise<string[]> {
    this.key = (await this.t.workspace()).apiKey;
    const survey = await this.t.api('POST', '/v1/surveys', { key: this.key, body: supportSurvey });
    const campaign = await this.t.api('POST', '/v1/campaigns', {
      key: this.key,
      body: { name: 'Batch', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    await this.t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key: this.key, body: { status: 'active' } });
    for (let i = 0; i < size; i += 25) {
      const posts = Array.from({ length: Math.min(25, size - i) }, (_, j) =>
        this.t.api('POST', '/v1/events', { key: this.key, body: ticketClosed(`${prefix}-${i + j}`) }),
      );
      for (const res of await Promise.all(posts))
        if (res.status !== 202) throw new Error(`event refused: ${res.status}`);
    }
    return Array.from({ length: size }, (_, i) => `customer${prefix}-${i}@example.com`);
  }

  startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ROLE: 'worker',
        DATABASE_URL: this.t.databaseUrl,
        REDIS_URL: this.t.config.redisUrl,
        QUEUE_PREFIX: this.t.config.queuePrefix,
        SMTP_URL: this.sink.url,
        QUEUE_LOCK_MS: '2000',
        SEND_CONCURRENCY: '20',
        LOG_LEVEL: 'error',
        PUBLIC_BASE_URL: this.t.baseUrl,
        ...this.workerEnv,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.workers.push(child);
    return child;
  }

  /**
   * Lets a worker send part of what is left, then SIGKILLs it at a random moment: once a random
   * share (up to 40%) of the remaining emails has arrived, after a random 0–150 ms more. Returns
   * the invitations that were cut off between their final dot and the server's reply.
   */
  async killMidBatch(size: number): Promise<string[]> {
    const worker = this.startWorker();
    const before = this.sink.received.length;
    const target = before + 1 + Math.floor(Math.random() * Math.max(1, (size - before) * 0.4));
    await this.sink.waitForCount(Math.min(target, size - 1), 60000);
    await new Promise((r) => setTimeout(r, Math.random() * 150));
    worker.kill('SIGKILL');
    await once(worker, 'exit');
    return this.cutOffAfterHandover();
  }

  /** Invitations cut off after their handover, as a kill leaves them (any workspace: one batch per database). */
  async cutOffAfterHandover(): Promise<string[]> {
    const rows = await this.t.db.query(
      `SELECT id FROM invitations WHERE status = 'sending' AND handed_over_at IS NOT NULL`,
    );
    return rows.map((r) => r.id as string);
  }

  /**
   * Every invitation has settled (none scheduled or sending) and the dispatch queue has nothing
   * waiting, delayed or running: from here no process can send any of them again.
   */
  async settled(timeoutMs = 90000): Promise<void> {
    await eventually(
      async () => {
        const [{ open }] = await this.t.db.query(
          `SELECT count(*)::int AS open FROM invitations WHERE status IN ('scheduled', 'sending')`,
        );
        if (open > 0) return false;
        const counts = await this.dispatch.getJobCounts('active', 'wait', 'delayed', 'prioritized', 'paused');
        return Object.values(counts).every((n) => n === 0);
      },
      timeoutMs,
      200,
    );
  }

  /** The invitations listed for review with this delivery status, with their recipients. */
  async review(delivery: 'uncertain' | 'resent'): Promise<Array<{ id: string; to: string; messageId: string }>> {
    const listed: Array<{ id: string; contactId: string; delivery: { providerMessageId: string } }> = [];
    let cursor: string | null = null;
    do {
      const page = await this.t.api(
        'GET',
        `/v1/invitations?delivery=${delivery}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        {
          key: this.key,
        },
      );
      if (page.status !== 200) throw new Error(`review list: ${page.status}`);
      listed.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    const emails = await this.t.db.query(`SELECT id, email FROM contacts WHERE id = ANY($1::uuid[])`, [
      listed.map((v) => v.contactId),
    ]);
    const emailOf = new Map(emails.map((c) => [c.id as string, c.email as string]));
    return listed.map((v) => ({ id: v.id, to: emailOf.get(v.contactId)!, messageId: v.delivery.providerMessageId }));
  }

  async close(): Promise<void> {
    for (const w of this.workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await this.dispatch.close();
    this.redis.disconnect();
  }
}

/** How many emails each recipient got at the server, and with which Message-IDs. */
export function deliveriesByRecipient(sink: SmtpSink): Map<string, string[]> {
  const byRecipient = new Map<string, string[]>();
  for (const m of sink.received) {
    const to = m.envelopeTo[0];
    byRecipient.set(to, [...(byRecipient.get(to) ?? []), m.parsed.messageId ?? '']);
  }
  return byRecipient;
}
