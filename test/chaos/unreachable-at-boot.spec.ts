import { createTestDatabase, REDIS_URL } from '../support/databases';
import { freePort, startServiceProcess } from '../support/service-process';
import { within } from '../support/within';

/**
 * The service started with a URL that points at nothing: it stops at once with one message on
 * stderr that names the variable to fix, where it pointed and what to check, and no stack.
 */
describe('chaos: a dependency unreachable at boot', () => {
  it('a DATABASE_URL with nothing behind it is named, with its host and port', async () => {
    const port = await freePort();
    const service = await startServiceProcess(
      'all',
      { DATABASE_URL: `postgres://postgres:hunter22@127.0.0.1:${port}/palaute`, REDIS_URL },
      { untilLive: false },
    );
    const { code } = await within(service.exited, 30000, 'the service to give up');
    expect(code).toBe(1);
    const stderr = service.stderr();
    expect(stderr).toContain(
      `DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}).`,
    );
    expect(stderr).toContain('Is PostgreSQL running and accepting connections there');
    expect(stderr).toContain(`DATABASE_URL is now postgres://postgres:***@127.0.0.1:${port}/palaute`);
    expect(stderr).not.toContain('hunter22');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 40000);

  it('a REDIS_URL with nothing behind it is named too, in every role', async () => {
    const database = await createTestDatabase();
    try {
      for (const role of ['api', 'worker'] as const) {
        const port = await freePort();
        const service = await startServiceProcess(
          role,
          { DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}` },
          { untilLive: false },
        );
        const { code } = await within(service.exited, 30000, `the ${role} to give up`);
        expect({ role, code }).toEqual({ role, code: 1 });
        const stderr = service.stderr();
        expect(stderr).toContain(
          `REDIS_URL: cannot connect to Redis at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}).`,
        );
        expect(stderr).toContain('Is Redis running there');
        expect(stderr).not.toMatch(/^\s+at /m);
      }
    } finally {
      await database.drop();
    }
  }, 60000);
});
