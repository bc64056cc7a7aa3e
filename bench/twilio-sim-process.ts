import { IncomingMessage, ServerResponse } from 'node:http';

import { startSimulatorFromEnv } from '../src/channels/twilio/simulator/simulator-cli';
import { announce, controlRoutes, runHelper } from './lib/subprocess';

/**
 * The Twilio simulator (the same `startSimulatorFromEnv` as `simulator-cli`) in its own process, so
 * answering the SDK does not cost the benchmark's event loop. TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN
 * name the account it accepts. Prints one JSON line `{"url","port"}` on stdout when ready.
 *
 * Besides the Twilio API and the simulator's own /_sim/ endpoints it answers two cheap ones:
 *   GET  /_bench/stats  outbound API messages so far (count, first and last arrival, ms since epoch),
 *                       and the status callbacks it has posted (started, finished, by HTTP status);
 *   POST /_bench/reset  forgets every stored message and zeroes the counters, between phases;
 *                       ?callbacks=0 stops posting status callbacks (still counted, as "skipped"), =1 resumes.
 * (/_sim/messages returns every message with its text: far too heavy to poll during a run.)
 */
interface CallbackStats {
  started: number;
  finished: number;
  failed: number;
  byStatus: Record<string, number>;
  lastFinishedAt: number | null;
  /** The first few answers that were not 2xx, for the report. */
  failures: Array<{ status: number; body: string }>;
}

const emptyCallbackStats = (): CallbackStats => ({
  started: 0,
  finished: 0,
  failed: 0,
  byStatus: {},
  lastFinishedAt: null,
  failures: [],
});
let callbacks = emptyCallbackStats();
/** Off (POST /_bench/reset?callbacks=0): status callbacks are counted but not posted (as "skipped"), to measure sends alone. */
let postCallbacks = true;

// The simulator posts its signed status callbacks with the global fetch: count them on the way.
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
  const c = callbacks;
  c.started += 1;
  try {
    if (!postCallbacks) {
      c.byStatus.skipped = (c.byStatus.skipped ?? 0) + 1;
      return new Response('', { status: 200 });
    }
    const res = await realFetch(...args);
    c.byStatus[res.status] = (c.byStatus[res.status] ?? 0) + 1;
    if (!res.ok && c.failures.length < 5) {
      const body = await res
        .clone()
        .text()
        .catch((err: Error) => `(unreadable: ${err.message})`);
      c.failures.push({ status: res.status, body: body.slice(0, 500) });
    }
    return res;
  } catch (err) {
    c.failed += 1;
    throw err;
  } finally {
    c.finished += 1;
    c.lastFinishedAt = Date.now();
  }
};

runHelper(async () => {
  const running = await startSimulatorFromEnv(process.env, 0, '127.0.0.1');
  const { sim, server } = running;

  // Outbound API messages arrive in order, so the count and the last one are cheap to keep track of
  // incrementally: only messages stored since the last look are scanned.
  let scanned = 0;
  let outbound = { count: 0, firstAt: null as number | null, lastAt: null as number | null, other: 0 };
  const stats = () => {
    for (; scanned < sim.messages.length; scanned++) {
      const m = sim.messages[scanned];
      if (m.direction !== 'outbound-api') {
        outbound.other += 1;
        continue;
      }
      const at = m.dateCreated.getTime();
      outbound.count += 1;
      outbound.firstAt ??= at;
      outbound.lastAt = at;
    }
    return { outbound, callbacks, storedMessages: sim.messages.length };
  };

  const routes = controlRoutes('/_bench', stats, (query) => {
    const toggle = query.get('callbacks');
    if (toggle !== null) postCallbacks = toggle !== '0';
    sim.messages.length = 0;
    scanned = 0;
    outbound = { count: 0, firstAt: null, lastAt: null, other: 0 };
    callbacks = emptyCallbackStats();
  });
  const [simHandler] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.keepAliveTimeout = 60_000;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!routes(req, res)) simHandler(req, res);
  });

  announce({ url: running.url, port: Number(new URL(running.url).port) });
});
