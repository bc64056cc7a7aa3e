import type { LookupAddress } from 'node:dns';

import {
  type AddressCategory,
  assertRemoteAddressAllowed,
  classifyAddress,
  createGuardedLookup,
  ForbiddenAddressError,
  isAddressAllowed,
} from './address-policy';

describe('classifyAddress', () => {
  it.each<[string, AddressCategory]>([
    // public
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['[2001:4860:4860::8888]', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::808:808', 'public'],
    // loopback
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    // RFC 1918 and ULA
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    // edges of RFC 1918
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['11.0.0.1', 'public'],
    // CGNAT
    ['100.64.0.1', 'carrier_grade_nat'],
    ['100.127.255.255', 'carrier_grade_nat'],
    ['100.128.0.0', 'public'],
    // link-local and metadata
    ['169.254.1.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    // unspecified, multicast, broadcast
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    // reserved, documentation, benchmarking, translation tricks
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2002:7f00:1::', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::7f00:1', 'reserved'],
    // IPv4 inside IPv6 is judged by the IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // legacy IPv4 spellings
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['0300.0250.0.1', 'private'],
    ['2852039166', 'metadata'],
    // not addresses
    ['', 'invalid'],
    ['example.com', 'invalid'],
    ['256.0.0.1', 'invalid'],
    ['1.2.3.4.5', 'invalid'],
    ['::g', 'invalid'],
  ])('%s → %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });
});

describe('isAddressAllowed', () => {
  it.each<[string, boolean, boolean]>([
    // address, default, allowPrivate
    ['8.8.8.8', true, true],
    ['2606:4700::1', true, true],
    ['127.0.0.1', false, true],
    ['::1', false, true],
    ['10.1.2.3', false, true],
    ['192.168.0.5', false, true],
    ['fd00::5', false, true],
    ['100.64.1.1', false, true],
    ['::ffff:192.168.0.5', false, true],
    ['169.254.169.254', false, false],
    ['fd00:ec2::254', false, false],
    ['100.100.100.200', false, false],
    ['169.254.10.10', false, false],
    ['fe80::1', false, false],
    ['0.0.0.0', false, false],
    ['::', false, false],
    ['224.0.0.1', false, false],
    ['255.255.255.255', false, false],
    ['192.0.2.1', false, false],
    ['not-an-ip', false, false],
  ])('%s: default %s, allowPrivate %s', (address, byDefault, withPrivate) => {
    expect(isAddressAllowed(address)).toBe(byDefault);
    expect(isAddressAllowed(address, { allowPrivate: false })).toBe(byDefault);
    expect(isAddressAllowed(address, { allowPrivate: true })).toBe(withPrivate);
  });
});

describe('assertRemoteAddressAllowed', () => {
  it('passes a public address', () => {
    expect(() => assertRemoteAddressAllowed('93.184.215.14')).not.toThrow();
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    [undefined, 'invalid'],
  ])('throws ForbiddenAddressError for %s', (address, category) => {
    try {
      assertRemoteAddressAllowed(address);
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenAddressError);
      expect(error).toMatchObject({ category, code: 'EWEBHOOKFORBIDDEN' });
    }
  });

  it('lets a private address through when the operator allows it', () => {
    expect(() => assertRemoteAddressAllowed('10.0.0.8', { allowPrivate: true })).not.toThrow();
  });
});

describe('createGuardedLookup', () => {
  const fakeDns = (answers: Record<string, LookupAddress[]>) =>
    jest.fn(
      (
        hostname: string,
        _options: unknown,
        callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
      ) => {
        const found = answers[hostname];
        if (!found) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
        callback(null, found);
      },
    );
  const dns = fakeDns({
    'crm.example': [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ],
    'rebind.example': [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
    'lan.example': [{ address: '192.168.1.20', family: 4 }],
    'empty.example': [],
  });

  function run(
    hostname: string,
    options: { all?: boolean },
    allowPrivate = false,
  ): Promise<{ err: Error | null; address: unknown; family?: number }> {
    const lookup = createGuardedLookup({ allowPrivate }, dns);
    return new Promise((resolve) =>
      lookup(hostname, options, (err, address, family) => resolve({ err, address, family })),
    );
  }

  it('answers with every address when Node asks for all (autoSelectFamily)', async () => {
    const { err, address } = await run('crm.example', { all: true });
    expect(err).toBeNull();
    expect(address).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
  });

  it('answers with the first address and family otherwise', async () => {
    expect(await run('crm.example', {})).toEqual({ err: null, address: '93.184.215.14', family: 4 });
  });

  it('always asks the base lookup for all addresses, so none escapes the check', async () => {
    await run('crm.example', { family: 4 } as { all?: boolean });
    expect(dns).toHaveBeenLastCalledWith('crm.example', { family: 4, all: true }, expect.any(Function));
  });

  it.each([
    ['a host with one loopback address among public ones', 'rebind.example', {}, false, 'loopback'],
    ['a LAN host without allowPrivate', 'lan.example', { all: true }, false, 'private'],
  ])('refuses %s', async (_name, hostname, options, allowPrivate, category) => {
    const { err } = await run(hostname, options, allowPrivate);
    expect(err).toBeInstanceOf(ForbiddenAddressError);
    expect(err).toMatchObject({ category });
  });

  it('allows a LAN host with allowPrivate', async () => {
    expect(await run('lan.example', {}, true)).toEqual({ err: null, address: '192.168.1.20', family: 4 });
  });

  it.each([
    ['a resolver error', 'missing.example'],
    ['an empty answer', 'empty.example'],
  ])('passes on %s as ENOTFOUND', async (_name, hostname) => {
    const { err } = await run(hostname, {});
    expect(err).toMatchObject({ code: 'ENOTFOUND' });
  });
});
