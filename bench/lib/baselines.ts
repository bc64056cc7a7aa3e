import net from 'node:net';

import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import nodemailer from 'nodemailer';

import { deleteRedisPrefix } from './cleanup';
import { SinkClient } from './sink-client';

export interface BullmqBaseline {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
}

/**
 * No-op jobs through BullMQ on the same Redis: what the queue alone costs on this machine.
 * Timed from the first add to the last completion; the worker is up (idle) before the clock starts.
 */
export async function bullmqBaseline(
  redisUrl: string,
  prefix: string,
  jobs: number,
  timeoutMs: number,
): Promise<BullmqBaseline> {
  const queueName = 'noop';
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
  });
  let worker: Worker | undefined;
  try {
    let completed = 0;
    let lastAt = 0;
    let resolveAll!: () => void;
    const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
    worker = new Worker(queueName, async () => undefined, { connection: workerConnection, prefix, concurrency: 50 });
    worker.on('completed', () => {
      completed += 1;
      if (completed === jobs) {
        lastAt = performance.now();
        resolveAll();
      }
    });
    worker.on('failed', (_job, err) => console.error(`[bullmq baseline] job failed: ${err.message}`));
    await worker.waitUntilReady();

    const startedAt = performance.now();
    const chunk = 1000;
    for (let i = 0; i < jobs; i += chunk) {
      const size = Math.min(chunk, jobs - i);
      await queue.addBulk(Array.from({ length: size }, (_, j) => ({ name: 'noop', data: { n: i + j } })));
    }
    await withTimeout(
      allDone,
      timeoutMs,
      () => `BullMQ baseline: ${completed}/${jobs} jobs completed within ${timeoutMs} ms`,
    );
    const seconds = (lastAt - startedAt) / 1000;
    return { jobs, seconds, jobsPerSecond: jobs / seconds };
  } finally {
    await worker?.close().catch(() => undefined);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
    await deleteRedisPrefix(connection, prefix).catch(() => undefined);
    connection.disconnect();
    workerConnection.disconnect();
  }
}

export interface NodemailerBaseline {
  emails: number;
  seconds: number;
  emailsPerSecond: number;
  bytesPerEmail: number;
  /** SMTP connections the sink saw: 5 when the pool is reused as intended. */
  smtpSessions: number;
}

/** A survey-sized message: a link per NPS score in HTML, the same links in text. */
function sampleEmail(n: number) {
  const links = Array.from({ length: 11 }, (_, s) => `https://surveys.example.com/s/tok${n}?q1=${s}`);
  return {
    from: 'Palaute <surveys@palaute.local>',
    to: `raw${n}@example.com`,
    subject: 'How did we do?',
    text: `Hi,\n\nHow likely are you to recommend us to a friend?\n\n${links.map((l, s) => `${s}: ${l}`).join('\n')}\n\nThanks!`,
    html: `<!doctype html><html><body><p>Hi,</p><p>How likely are you to recommend us to a friend?</p><p>${links
      .map((l, s) => `<a href="${l}" style="display:inline-block;padding:8px">${s}</a>`)
      .join('')}</p><p>Thanks!</p></body></html>`,
  };
}

/**
 * Nodemailer's own sockets keep Nagle's algorithm on. Its small command writes then wait for the
 * server's delayed ACK (40 ms on Linux), which caps each connection near 20 messages/s on
 * loopback. This hands nodemailer sockets with TCP_NODELAY set, to show what the machine can do.
 */
function noDelaySocket(
  options: { host?: string; port?: number },
  callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  const socket = net.connect(options.port ?? 25, options.host ?? '127.0.0.1');
  socket.setNoDelay(true);
  const onError = (err: Error) => callback(err);
  socket.once('error', onError);
  socket.once('connect', () => {
    socket.off('error', onError);
    callback(null, { connection: socket });
  });
}

/**
 * Raw nodemailer, pooled like the service's adapter (5 connections, connections kept open),
 * everything queued at once. Timed from the first sendMail to the last acknowledged message.
 * `noDelay` swaps in TCP_NODELAY sockets (see noDelaySocket); the plain run is the reference.
 */
export async function nodemailerBaseline(
  sink: SinkClient,
  smtpPort: number,
  emails: number,
  timeoutMs: number,
  noDelay = false,
): Promise<NodemailerBaseline> {
  await sink.reset();
  const transporter = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    ...(noDelay ? { getSocket: noDelaySocket } : {}),
  } as object);
  try {
    const startedAt = performance.now();
    const sends = Array.from({ length: emails }, (_, n) => transporter.sendMail(sampleEmail(n)));
    await withTimeout(
      Promise.all(sends),
      timeoutMs,
      () => `nodemailer baseline: not all ${emails} emails sent within ${timeoutMs} ms`,
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const stats = await sink.stats();
    if (stats.count !== emails)
      throw new Error(`nodemailer baseline: sink counted ${stats.count} emails, expected ${emails}`);
    return {
      emails,
      seconds,
      emailsPerSecond: emails / seconds,
      bytesPerEmail: Math.round(stats.bytes / stats.count),
      smtpSessions: stats.sessions,
    };
  } finally {
    transporter.close();
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
