/**
 * The service cannot start because of its environment (a dependency it cannot reach, a login
 * refused): `main.ts` and the CLI print the message alone, without a stack, and exit non-zero.
 */
export class StartupError extends Error {}

/** A dependency named by an environment variable could not be reached at boot. */
export interface UnreachableAtStartup {
  /** The variable the operator fixes: `DATABASE_URL`, `REDIS_URL`. */
  variable: string;
  /** What it points at, for people: `PostgreSQL`, `Redis`. */
  service: string;
  url: string;
  /** The port the URL means when it names none. */
  defaultPort: number;
  error: unknown;
  /** What to check, and the URL's shape. */
  hint: string;
}

/**
 * `DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:5439 (connect ECONNREFUSED …).` and a
 * hint, naming the variable to fix and where it pointed, with any password in the URL hidden.
 */
export function unreachableAtStartup(u: UnreachableAtStartup): StartupError {
  let where = u.url;
  let shown = u.url;
  try {
    const parsed = new URL(u.url);
    where = `${parsed.hostname}:${parsed.port || u.defaultPort}`;
    if (parsed.password) parsed.password = '***';
    shown = parsed.toString();
  } catch {
    /* config validated it as a URL; keep it as given */
  }
  return new StartupError(
    `${u.variable}: cannot connect to ${u.service} at ${where} (${reasonOf(u.error)}).\n` +
      `  ${u.hint}\n  ${u.variable} is now ${shown}`,
  );
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((e) => reasonOf(e)))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.message) return error.message;
    if (typeof code === 'string') return code;
  }
  return String(error);
}
