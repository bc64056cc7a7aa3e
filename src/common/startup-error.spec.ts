import { StartupError, unreachableAtStartup } from './startup-error';

const refused = (port: number) =>
  Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED' });

describe('unreachableAtStartup', () => {
  const postgres = {
    variable: 'DATABASE_URL',
    service: 'PostgreSQL',
    defaultPort: 5432,
    hint: 'Is PostgreSQL running there?',
  };

  it('names the variable, the host and port, the cause and the hint', () => {
    const err = unreachableAtStartup({
      ...postgres,
      url: 'postgres://postgres@127.0.0.1:5439/palaute',
      error: refused(5439),
    });
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).toBe(
      'DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:5439 (connect ECONNREFUSED 127.0.0.1:5439).\n' +
        '  Is PostgreSQL running there?\n' +
        '  DATABASE_URL is now postgres://postgres@127.0.0.1:5439/palaute',
    );
  });

  it('hides the password and fills in the default port', () => {
    const err = unreachableAtStartup({
      ...postgres,
      url: 'postgres://app:s3cret@db.internal/palaute',
      error: Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND' }),
    });
    expect(err.message).toContain('at db.internal:5432 (getaddrinfo ENOTFOUND db.internal)');
    expect(err.message).toContain('postgres://app:***@db.internal/palaute');
    expect(err.message).not.toContain('s3cret');
  });

  it('lists each distinct reason of a happy-eyeballs connect', () => {
    const err = unreachableAtStartup({
      variable: 'REDIS_URL',
      service: 'Redis',
      defaultPort: 6379,
      hint: 'Is Redis running there?',
      url: 'redis://localhost',
      error: new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED ::1:6379'), { code: 'ECONNREFUSED' }),
        refused(6379),
      ]),
    });
    expect(err.message.split('\n')[0]).toBe(
      'REDIS_URL: cannot connect to Redis at localhost:6379 (connect ECONNREFUSED ::1:6379; connect ECONNREFUSED 127.0.0.1:6379).',
    );
  });

  it('falls back to the code when the error has no message', () => {
    const err = unreachableAtStartup({
      ...postgres,
      url: 'postgres://127.0.0.1:1/x',
      error: Object.assign(new Error(''), { code: 'ETIMEDOUT' }),
    });
    expect(err.message).toContain('(ETIMEDOUT)');
  });
});
