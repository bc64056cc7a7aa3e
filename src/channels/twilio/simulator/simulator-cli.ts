/**
 * The Twilio simulator as a process of its own, for development without Twilio credentials:
 *
 *   node dist/channels/twilio/simulator/simulator-cli.js [--port 3010] [--host 127.0.0.1]
 *
 * It prints one line of JSON, {"url":…,"accountSid":…}: point the app's TWILIO_API_BASE_URL at
 * that url. Besides the Twilio API it answers two control endpoints, so anyone can play the customer:
 *
 *   curl -X POST localhost:3010/_sim/inbound -H 'content-type: application/json' \
 *     -d '{"webhookUrl":"http://localhost:3000/…","from":"+358401234567","to":"+15005550006","body":"9"}'
 *   curl 'localhost:3010/_sim/messages?phone=%2B358401234567'
 *
 * Environment: TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (the account it accepts; defaults match the
 * app's dev account), TWILIO_SIMULATOR_PORT (default 3010), TWILIO_SIMULATOR_HOST (default 127.0.0.1),
 * TWILIO_SIMULATOR_PUBLIC_URL (the url to print when reached through another name, e.g. in compose),
 * TWILIO_SIMULATOR_WEBHOOK_URL (default webhookUrl for /_sim/inbound).
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { DEV_TWILIO } from '../../../config/config';
import { SimulatedMessage, TwilioSimulator } from './twilio-simulator';

/** The app's dev account (config's DEV_TWILIO): used when no credentials are in the environment. */
export const DEFAULT_SIMULATOR_ACCOUNT = {
  accountSid: DEV_TWILIO.accountSid,
  authToken: DEV_TWILIO.authToken,
} as const;
export const DEFAULT_SIMULATOR_PORT = 3010;
const CONTROL_PREFIX = '/_sim/';
const MAX_CONTROL_BODY = 1024 * 1024;

export interface RunningSimulator {
  sim: TwilioSimulator;
  server: http.Server;
  /** API base for the SDK (client.api.baseUrl); the control endpoints live under `${url}/_sim/`. */
  url: string;
  accountSid: string;
  close(): Promise<void>;
}

/**
 * Starts the simulator with its control endpoints on one HTTP server. `port` defaults to
 * TWILIO_SIMULATOR_PORT or 3010 (0 picks a free port); `host` to TWILIO_SIMULATOR_HOST or 127.0.0.1.
 */
export async function startSimulatorFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  port?: number,
  host?: string,
): Promise<RunningSimulator> {
  const accountSid = env.TWILIO_ACCOUNT_SID || DEFAULT_SIMULATOR_ACCOUNT.accountSid;
  const authToken = env.TWILIO_AUTH_TOKEN || DEFAULT_SIMULATOR_ACCOUNT.authToken;
  const listenPort = port ?? parsePort(env.TWILIO_SIMULATOR_PORT ?? String(DEFAULT_SIMULATOR_PORT));
  const listenHost = host ?? (env.TWILIO_SIMULATOR_HOST || '127.0.0.1');
  // Validate the account before opening a port, so a bad SID fails fast with a clear message.
  new TwilioSimulator({ accountSid, authToken });

  let sim: TwilioSimulator | undefined;
  const server = http.createServer((req, res) => {
    if (!sim) return sendJson(res, 503, { error: 'simulator starting' });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith(CONTROL_PREFIX)) return void control(sim, env, req, res);
    return void sim.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = (env.TWILIO_SIMULATOR_PUBLIC_URL || listeningUrl(server)).replace(/\/+$/, '');
  sim = new TwilioSimulator({ accountSid, authToken, publicUrl: url });
  const running = sim;
  return {
    sim: running,
    server,
    url,
    accountSid,
    async close() {
      await running.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** POST /_sim/inbound and GET /_sim/messages: play the customer, read a transcript. */
async function control(
  sim: TwilioSimulator,
  env: NodeJS.ProcessEnv,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/_sim/inbound') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      let input: Record<string, unknown>;
      try {
        input = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: 'body must be JSON: {"webhookUrl", "from", "to", "body"}' });
      }
      const webhookUrl = input.webhookUrl ?? env.TWILIO_SIMULATOR_WEBHOOK_URL;
      const { from, to, body, accountSid } = input;
      const missing = Object.entries({ webhookUrl, from, to })
        .filter(([, v]) => typeof v !== 'string' || !v)
        .map(([k]) => k);
      if (typeof body !== 'string') missing.push('body'); // an empty body is a real SMS (e.g. media only)
      if (missing.length) return sendJson(res, 400, { error: `missing or not a string: ${missing.join(', ')}` });
      if (!/^https?:\/\//.test(webhookUrl as string))
        return sendJson(res, 400, { error: 'webhookUrl must be an http(s) URL' });
      if (accountSid !== undefined && typeof accountSid !== 'string')
        return sendJson(res, 400, { error: 'accountSid must be a string' });
      let answer;
      try {
        answer = await sim.sendInbound(webhookUrl as string, {
          from: from as string,
          to: to as string,
          body: body as string,
          accountSid,
        });
      } catch (error) {
        const message = (error as Error).message;
        return sendJson(res, /unknown account/.test(message) ? 400 : 502, {
          error: `inbound not delivered: ${message}`,
        });
      }
      return sendJson(res, 200, { status: answer.status, replies: answer.replies });
    }
    if (url.pathname === '/_sim/messages') {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
      // An unencoded "+358…" in a query string arrives as " 358…": the space was the plus.
      const phone = url.searchParams.get('phone')?.replace(/^ /, '+');
      const messages = phone ? sim.conversation(phone) : sim.messages;
      return sendJson(res, 200, { phone: phone ?? null, messages: messages.map(view) });
    }
    return sendJson(res, 404, { error: 'control endpoints: POST /_sim/inbound, GET /_sim/messages?phone=' });
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
  }
}

function view(m: SimulatedMessage) {
  return {
    sid: m.sid,
    direction: m.direction,
    from: m.from,
    to: m.to,
    body: m.body,
    status: m.status,
    errorCode: m.errorCode,
    numSegments: m.numSegments,
    dateCreated: m.dateCreated.toISOString(),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listeningUrl(server: http.Server): string {
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${value}`);
  return port;
}

/** `--port N`, `--port=N`, `--host H`, `--host=H`. */
export function parseArgs(argv: string[]): { port?: number; host?: string } {
  const out: { port?: number; host?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    if (flag !== '--port' && flag !== '--host')
      throw new Error(`unknown argument: ${argv[i]} (use --port N, --host H)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--port') out.port = parsePort(value);
    else out.host = value;
  }
  return out;
}

async function main(): Promise<void> {
  let args: { port?: number; host?: string };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`twilio simulator: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const running = await startSimulatorFromEnv(process.env, args.port, args.host);
  process.stdout.write(`${JSON.stringify({ url: running.url, accountSid: running.accountSid })}\n`);
  const shutdown = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`twilio simulator: ${error.message}\n`);
    process.exit(1);
  });
}
