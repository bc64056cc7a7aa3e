import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { ConsoleAssetsRouter } from './console-assets';

function request(router: ConsoleAssetsRouter, url: string, headers: Record<string, string> = {}, method = 'GET') {
  const req = new IncomingMessage(new Socket());
  Object.assign(req, { url, method, headers });
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  res.write = ((chunk: Buffer) => (chunks.push(Buffer.from(chunk)), true)) as typeof res.write;
  res.end = ((chunk?: Buffer) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    return res;
  }) as typeof res.end;
  const handled = router.tryHandle(req, res);
  return { handled, status: res.statusCode, header: (n: string) => res.getHeader(n), body: Buffer.concat(chunks) };
}

describe('the console’s files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/app/assets/app-1a2b.js"></script>',
  );
  const script = 'export const x = 1;\n'.repeat(200);
  writeFileSync(join(dir, 'assets', 'app-1a2b.js'), script);
  const router = new ConsoleAssetsRouter(dir);

  it('caches hashed assets for a year and compresses them once, for whoever accepts it', () => {
    const res = request(router, '/app/assets/app-1a2b.js', { 'accept-encoding': 'gzip, deflate' });
    expect(res.status).toBe(200);
    expect(res.header('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.header('content-encoding')).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe(script);
    expect(request(router, '/app/assets/app-1a2b.js').body.toString()).toBe(script);
  });

  it('answers every other /app path with the page, revalidated each time', () => {
    for (const path of ['/app', '/app/', '/app/alerts?state=open', '/app/responses/123']) {
      const res = request(router, path);
      expect(res.status).toBe(200);
      expect(res.header('content-type')).toBe('text/html; charset=utf-8');
      expect(res.header('cache-control')).toBe('no-cache');
    }
  });

  it('says 404 for a missing asset rather than sending the page as script', () =>
    expect(request(router, '/app/assets/gone-0000.js').status).toBe(404));

  it('leads the usual guesses to the console and leaves everything else alone', () => {
    for (const path of ['/', '/admin', '/dashboard']) expect(request(router, path).header('location')).toBe('/app');
    expect(request(router, '/v1/scores').handled).toBe(false);
    expect(request(router, '/app', {}, 'POST').handled).toBe(false);
  });

  it('tells how to build the console when it was never built', () => {
    const res = request(new ConsoleAssetsRouter(join(dir, 'nowhere')), '/app');
    expect(res.status).toBe(503);
    expect(res.body.toString()).toContain('npm run build');
  });
});
