import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookHttpClient } from './webhook-http-client';

/** Against a real server on 127.0.0.1: redirects, Retry-After, timeouts and the address guard. */
describe('WebhookHttpClient', () => {
  let server: http.Server;
  let base: string;
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url!);
      req.resume();
      req.on('end', () => {
        if (req.url === '/redirect') return res.writeHead(307, { location: '/ok' }).end();
        if (req.url === '/busy') return res.writeHead(503, { 'retry-after': '30' }).end('later');
        if (req.url === '/hang') return;
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const client = (allowPrivate: boolean, timeoutMs = 1000) =>
    new WebhookHttpClient({ allowPrivate, timeoutMs, maxSocketsPerHost: 4 });

  it('posts and reports the status and latency', async () => {
    const c = client(true);
    const result = await c.post(`${base}/ok`, { 'webhook-id': 'msg_1' }, '{}');
    c.close();
    expect(result).toEqual({
      outcome: { kind: 'response', status: 200, retryAfter: null },
      latencyMs: expect.any(Number),
      error: null,
    });
  });

  it('does not follow redirects, and passes Retry-After on', async () => {
    const c = client(true);
    const okBefore = hits.filter((h) => h === '/ok').length;
    expect((await c.post(`${base}/redirect`, {}, '{}')).outcome).toEqual({
      kind: 'response',
      status: 307,
      retryAfter: null,
    });
    expect((await c.post(`${base}/busy`, {}, '{}')).outcome).toEqual({
      kind: 'response',
      status: 503,
      retryAfter: '30',
    });
    c.close();
    expect(hits.filter((h) => h === '/ok')).toHaveLength(okBefore);
  });

  it('times out a receiver that never answers', async () => {
    const c = client(true, 100);
    const result = await c.post(`${base}/hang`, {}, '{}');
    c.close();
    expect(result.outcome).toEqual({ kind: 'timeout' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(95);
  });

  it('refuses a private address without allowPrivate, by IP literal and by name, before connecting', async () => {
    const c = client(false);
    const before = hits.length;
    const literal = await c.post(`${base}/ok`, {}, '{}');
    const byName = await c.post(base.replace('127.0.0.1', 'localhost') + '/ok', {}, '{}');
    c.close();
    expect(literal).toMatchObject({
      outcome: { kind: 'network', code: 'EWEBHOOKFORBIDDEN' },
      error: expect.stringContaining('loopback'),
    });
    expect(byName).toMatchObject({ outcome: { kind: 'network', code: 'EWEBHOOKFORBIDDEN' } });
    expect(hits).toHaveLength(before);
  });
});
