import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The child side of the bench's helper processes (sink, simulator, no-op servers): they all speak the
 * same small protocol with the parent (startHelper in run.ts), so it lives here once.
 */

/** The one JSON line on stdout the parent waits for before it uses the process. */
export function announce(ready: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

/**
 * The parent going away (even by SIGKILL) closes our stdin: leave with it rather than linger. SIGTERM
 * (Child.stop) exits at once: there is nothing to flush.
 */
export function exitWithParent(): void {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => process.exit(0));
}

/** exitWithParent, then `main`; a failed start is printed and exits 1, which the parent reports with our output. */
export function runHelper(main: () => Promise<void>): void {
  exitWithParent();
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * The control endpoints both counting helpers answer beside their real traffic: GET <prefix>/stats
 * returns `stats()` as JSON, POST <prefix>/reset[?query] calls `reset` and answers 204. Returns false
 * for any other request, for the caller's own handler. Plain string compares: the simulator routes
 * every SDK request through this first, so it must stay cheap.
 */
export function controlRoutes(
  prefix: string,
  stats: () => unknown,
  reset: (query: URLSearchParams) => void,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const statsUrl = `${prefix}/stats`;
  const resetUrl = `${prefix}/reset`;
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === statsUrl) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats()));
    } else if (req.method === 'POST' && (url === resetUrl || url.startsWith(`${resetUrl}?`))) {
      reset(new URL(url, 'http://x').searchParams);
      res.writeHead(204).end();
    } else {
      return false;
    }
    return true;
  };
}
