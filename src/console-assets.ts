import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import type { FrontDoorRouter } from './common/http-front-door';

/** Where `npm run build` puts the console (web/dist), from src/ or dist/ alike. */
export const CONSOLE_DIST = resolve(__dirname, '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

interface Asset {
  type: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  cache: string;
}

/** Hashed file names never change content: a year, immutable. The page itself is asked for again every time. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Text assets compressed once at start (the bundle is a few hundred kB): no per-request CPU, no extra package. */
function load(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const path of filesUnder(dir)) {
    const url = '/app/' + relative(dir, path).split(sep).join('/');
    if (url.startsWith('/app/.vite/')) continue;
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const body = readFileSync(path);
    const text = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
    assets.set(url, {
      type,
      body,
      cache: url.startsWith('/app/assets/') ? IMMUTABLE : REVALIDATE,
      ...(text
        ? {
            gzip: gzipSync(body, { level: 9 }),
            br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          }
        : {}),
    });
  }
  return assets;
}

const PLAIN = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

function reply(res: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body);
}

/** Where a newcomer might look for the console; each leads to it. */
const TO_CONSOLE = new Set(['/', '/admin', '/dashboard', '/console']);

/**
 * Serves the built console at /app in front of Express: assets by exact path, every other /app
 * path the single page (the browser router decides what it shows). When the console was never
 * built, /app says how to build it rather than a bare 404.
 */
export class ConsoleAssetsRouter implements FrontDoorRouter {
  private readonly assets: Map<string, Asset> | null;

  constructor(dir: string = CONSOLE_DIST) {
    this.assets = existsSync(join(dir, 'index.html')) ? load(dir) : null;
  }

  tryHandle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (TO_CONSOLE.has(path)) {
      reply(res, 302, { location: '/app', 'cache-control': REVALIDATE });
      return true;
    }
    if (path !== '/app' && !path.startsWith('/app/')) return false;
    if (!this.assets) {
      reply(
        res,
        503,
        PLAIN,
        'The console is not built. Run `npm run build` (it builds web/ into web/dist), then start again.\n',
      );
      return true;
    }
    const asset = this.assets.get(path);
    if (!asset && path.startsWith('/app/assets/')) {
      reply(res, 404, PLAIN, 'Not found\n');
      return true;
    }
    this.send(req, res, asset ?? this.assets.get('/app/index.html')!);
    return true;
  }

  private send(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] =
      asset.br && /\bbr\b/.test(accepts)
        ? ['br', asset.br]
        : asset.gzip && /\bgzip\b/.test(accepts)
          ? ['gzip', asset.gzip]
          : [null, asset.body];
    res.setHeader('content-type', asset.type);
    res.setHeader('cache-control', asset.cache);
    res.setHeader('content-length', body.length);
    if (asset.gzip) res.setHeader('vary', 'accept-encoding');
    if (encoding) res.setHeader('content-encoding', encoding);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
