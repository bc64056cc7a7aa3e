import type { IncomingMessage } from 'node:http';

import { clientIp, compileProxyTrust, ipPartition } from './client-ip';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  }) as unknown as IncomingMessage;

describe('clientIp', () => {
  const byDefault = compileProxyTrust(['loopback', 'linklocal', 'uniquelocal']);

  it('is the socket peer when it is not a trusted proxy, whatever X-Forwarded-For claims', () => {
    expect(clientIp(request('203.0.113.9', '198.51.100.1'), byDefault)).toBe('203.0.113.9');
  });

  it('is the address our proxy appended, not one the client wrote in front of it', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy on 10.0.0.2 appended the real peer.
    expect(clientIp(request('10.0.0.2', '1.2.3.4, 203.0.113.9'), byDefault)).toBe('203.0.113.9');
  });

  it('walks back over every trusted hop', () => {
    expect(clientIp(request('127.0.0.1', '203.0.113.9, 10.1.1.1'), byDefault)).toBe('203.0.113.9');
  });

  it('trusts exactly the given number of hops', () => {
    const oneHop = compileProxyTrust(1);
    expect(clientIp(request('198.51.100.7', '1.2.3.4, 203.0.113.9'), oneHop)).toBe('203.0.113.9');
    expect(clientIp(request('198.51.100.7', '1.2.3.4'), compileProxyTrust(0))).toBe('198.51.100.7');
  });
});

describe('ipPartition', () => {
  it('keeps IPv4 as it is and unwraps IPv4-mapped IPv6', () => {
    expect(ipPartition('203.0.113.9')).toBe('203.0.113.9');
    expect(ipPartition('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts IPv6 by its /64, so one subscriber cannot take a bucket per address', () => {
    expect(ipPartition('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipPartition('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(ipPartition('::1')).toBe('0:0:0:0::/64');
  });

  it('passes anything else through', () => {
    expect(ipPartition('unknown')).toBe('unknown');
  });
});
