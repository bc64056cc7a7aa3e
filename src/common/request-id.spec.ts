import { isRequestId, requestIdFrom, requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it("keeps a caller's sane id", () => {
    expect(requestIdFrom('7c1f2e0a-5b1d-4c1e-9a3b-2f4d5e6a7b8c')).toBe('7c1f2e0a-5b1d-4c1e-9a3b-2f4d5e6a7b8c');
    expect(requestIdFrom('crm.job-42:retry_1')).toBe('crm.job-42:retry_1');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['an address', 'jane@example.com'],
    ['spaces', 'a b'],
    ['a newline (log injection)', 'abc\n{"level":60}'],
    ['non-ASCII', 'päivää'],
  ])('replaces %s with a fresh UUID', (_case, header) => {
    expect(requestIdFrom(header)).toMatch(UUID);
  });

  it('accepts 128 characters and no more', () => {
    expect(isRequestId('a'.repeat(128))).toBe(true);
    expect(isRequestId('a'.repeat(129))).toBe(false);
    expect(isRequestId(42)).toBe(false);
  });
});

describe('requestIdOf', () => {
  it('reads the id the front door set, and nothing else', () => {
    expect(requestIdOf({ id: 'req-1' })).toBe('req-1');
    expect(requestIdOf({ id: 42 })).toBeUndefined();
    expect(requestIdOf({})).toBeUndefined();
  });
});
