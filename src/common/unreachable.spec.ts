import { isUnreachable } from './unreachable';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isUnreachable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['a connect timeout', withCode('ETIMEDOUT')],
    ['an unknown host', withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db')],
    ['a write to a closed socket', withCode('EPIPE')],
    ['connection_failure (08006)', withCode('08006')],
    ['sqlclient_unable_to_establish_sqlconnection (08001)', withCode('08001')],
    ['admin_shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash_shutdown (57P02)', withCode('57P02')],
    ['cannot_connect_now (57P03)', withCode('57P03', 'the database system is starting up')],
    ['too_many_connections (53300)', withCode('53300')],
    ['pg: connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: connection terminated by a timeout', new Error('Connection terminated due to connection timeout')],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'pg: a client that lost its connection',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'both attempts of a happy-eyeballs connect',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ],
    ['a TypeORM wrapper', Object.assign(new Error('query failed'), { driverError: withCode('ECONNRESET') })],
    ['an error caused by a lost connection', new Error('write failed', { cause: withCode('EPIPE') })],
  ])('%s is unreachable', (_, error) => {
    expect(isUnreachable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error (42601)', withCode('42601')],
    ['invalid text for a type (22P02)', withCode('22P02')],
    ['a NUL byte in text (22021)', withCode('22021')],
    ['a deadlock (40P01)', withCode('40P01')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['an AggregateError with one unrelated error', new AggregateError([withCode('ECONNREFUSED'), new Error('bug')])],
    ['an empty AggregateError', new AggregateError([])],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    ['a number code', Object.assign(new Error('x'), { code: 8006 })],
  ])('%s is not', (_, error) => {
    expect(isUnreachable(error)).toBe(false);
  });

  it('stops following causes that loop', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isUnreachable(a)).toBe(false);
  });
});
