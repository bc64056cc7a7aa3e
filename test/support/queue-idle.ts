import { Queue } from 'bullmq';
import IORedis from 'ioredis';

import { eventually } from './test-app';

/**
 * Waits until the named queues hold no job that could still run: none waiting, active, delayed,
 * prioritized or paused. With the rows they serve in a final state, nothing more can be sent:
 * a positive condition to count deliveries on, instead of a sleep that hopes a duplicate would
 * have shown up by then.
 */
export async function waitForIdleQueues(
  redisUrl: string,
  prefix: string,
  names: string[],
  timeoutMs = 30000,
): Promise<void> {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queues = names.map((name) => new Queue(name, { connection, prefix }));
  let last: Record<string, Record<string, number>> = {};
  try {
    await eventually(
      async () => {
        last = {};
        for (const q of queues)
          last[q.name] = await q.getJobCounts(
            'waiting',
            'active',
            'delayed',
            'prioritized',
            'paused',
            'waiting-children',
          );
        return Object.values(last).every((counts) => Object.values(counts).every((n) => n === 0));
      },
      timeoutMs,
      100,
    );
  } catch {
    throw new Error(`queues not idle within ${timeoutMs} ms: ${JSON.stringify(last)}`);
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}
