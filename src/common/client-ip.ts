import type { IncomingMessage } from 'node:http';

import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/** Decides whether the peer at `address` (hop `index` from us) is a proxy whose X-Forwarded-For we believe. */
export type ProxyTrust = (address: string, index: number) => boolean;

/** TRUST_PROXY as a trust function, the same one Express is given, so req.ip and the limits agree. */
export function compileProxyTrust(setting: number | string[]): ProxyTrust {
  if (typeof setting === 'number') return (_address, index) => index < setting;
  return proxyaddr.compile(setting);
}

/**
 * The client's address: the socket's peer, or, behind trusted proxies, the last address in
 * X-Forwarded-For that no trusted proxy added. An address a client writes into the header itself
 * is never believed, because it sits left of what our own proxy appended.
 */
export function clientIp(req: IncomingMessage, trust: ProxyTrust): string {
  if (!req.socket?.remoteAddress) return 'unknown';
  return proxyaddr(req, trust);
}

/**
 * The part of an address a per-IP limit counts: IPv4 as it is (IPv4-mapped IPv6 unwrapped), IPv6
 * by its /64, since one subscriber is routinely given a whole /64 and could otherwise take a fresh
 * bucket per address.
 */
export function ipPartition(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}
