import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A `node dist/main.js` of its own, and every JSON line it logged. */
interface ServiceProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  port?: number;
}

/**
 * Separate OS processes, as deployed: two API processes on their own ports and a worker, sharing
 * one database and one Redis prefix. The rate limit is one budget across the API processes, and a
 * request's id reaches the log lines of the worker that runs the job it caused.
 */
describe('across processes', () => {
  let t: TestApp;
  const services: ServiceProcess[] = [];

  const start = (env: Record<string, string>, port?: number): ServiceProcess => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: t.databaseUrl,
        REDIS_URL: t.config.redisUrl,
        QUEUE_PREFIX: t.config.queuePrefix,
        RATE_LIMIT_ADMIN_PER_MINUTE: '10',
        ...(port ? { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const service: ServiceProcess = { child, lines: [], port };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        service.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        /* not a log line */
      }
    });
    services.push(service);
    return service;
  };

  const url = (service: ServiceProcess, route: string) => `http://127.0.0.1:${service.port}${route}`;

  beforeAll(async () => {
    // This process only makes the database and the workspaces; it serves nothing the test calls.
    t = await startTestApp({ ROLE: 'api' });
    const [a, b] = [await freePort(), await freePort()];
    start({ ROLE: 'api', LOG_LEVEL: 'info' }, a);
    start({ ROLE: 'api', LOG_LEVEL: 'info' }, b);
    start({ ROLE: 'worker', LOG_LEVEL: 'debug' });
    for (const api of services.filter((s) => s.port))
      await eventually(
        () =>
          fetch(url(api, '/health/live'))
            .then((r) => r.ok)
            .catch(() => false),
        30000,
        100,
      );
  }, 60000);

  afterAll(async () => {
    for (const { child } of services) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    await t?.close();
  });

  it('spends one key’s budget once, whichever API process answers', async () => {
    const [first, second] = services;
    const { apiKey: key } = await t.workspace();
    const statuses: number[] = [];
    const remaining: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(url(i % 2 ? second : first, '/v1/surveys'), {
        headers: { authorization: `Bearer ${key}` },
      });
      statuses.push(res.status);
      remaining.push(Number(/;r=(\d+)/.exec(res.headers.get('ratelimit') ?? '')?.[1]));
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
    expect(remaining).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0]);
  });

  it('carries the request id into the access log and into the worker’s log lines for the job it caused', async () => {
    const [api] = services;
    const worker = services[2];
    const { apiKey: key } = await t.workspace('Traced');
    const call = (method: string, route: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(url(api, route), {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        headers: r.headers,
        body: (await r.json()) as Record<string, string>,
      }));
    const survey = await call('POST', '/v1/surveys', supportSurvey);
    const campaign = await call('POST', '/v1/campaigns', {
      name: 'Traced',
      surveyId: survey.body.id,
      trigger: { eventType: 'ticket.closed' },
      channel: 'email',
    });
    await call('POST', `/v1/campaigns/${campaign.body.id}/status`, { status: 'active' });
    const posted = await call('POST', '/v1/events', ticketClosed('traced'), { 'x-request-id': 'crm-trace-7' });
    expect(posted.status).toBe(202);
    expect(posted.headers.get('x-request-id')).toBe('crm-trace-7');

    const access = await eventually(async () =>
      api.lines.find((l) => l.requestId === 'crm-trace-7' && l.msg === 'request completed'),
    );
    expect(access).toMatchObject({
      level: 30,
      service: 'palaute',
      route: '/v1/events',
      req: { method: 'POST', url: '/v1/events' },
      res: { statusCode: 202 },
      responseTime: expect.any(Number),
    });
    // Exactly one line for the request.
    expect(api.lines.filter((l) => l.requestId === 'crm-trace-7')).toHaveLength(1);

    const jobLine = await eventually(
      async () => worker.lines.find((l) => l.requestId === 'crm-trace-7' && l.msg === 'job done'),
      30000,
    );
    expect(jobLine).toMatchObject({ queue: 'dispatch', job: 'invitation.send' });
    // No personal data in either: the email address of the contact appears nowhere.
    const everything = JSON.stringify([...api.lines, ...worker.lines]);
    expect(everything).not.toContain('customertraced@example.com');
  });

  it('masks the respondent’s token in the access log line of a survey page', async () => {
    const [api] = services;
    const [{ token }] = await eventually(async () => {
      const rows = await t.db.query(`SELECT token FROM invitations WHERE status = 'sent' LIMIT 1`);
      return rows.length ? rows : null;
    });
    const res = await fetch(url(api, `/s/${token}`), { headers: { 'x-request-id': 'page-view-1' } });
    expect(res.status).toBe(200);
    const line = await eventually(async () => api.lines.find((l) => l.requestId === 'page-view-1'));
    expect(line).toMatchObject({ req: { url: '/s/***' }, route: '/s/:token', res: { statusCode: 200 } });
    expect(JSON.stringify(api.lines)).not.toContain(token);
  });
});
