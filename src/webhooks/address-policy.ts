import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';

import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses a webhook may be delivered to. Deny by default: only addresses ipaddr.js
 * calls globally routable `unicast` pass without the operator's `allowPrivate`, so a range we did
 * not think of is refused rather than reached.
 */

export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'carrier_grade_nat'
  | 'link_local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

/** Allowed only when the operator opts in, for CRMs hosted next to Palaute. */
const PRIVATE_CATEGORIES: ReadonlySet<AddressCategory> = new Set(['loopback', 'private', 'carrier_grade_nat']);

/**
 * Cloud instance-metadata services hand out credentials; they stay refused even with
 * `allowPrivate` (AWS IMDS v4/v6, ECS task metadata, Alibaba Cloud). Azure, GCP and OCI use
 * 169.254.169.254 too.
 */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  'fd00:ec2::254',
]);

const IPV4_RANGES: Record<string, AddressCategory> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'carrier_grade_nat',
  linkLocal: 'link_local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

const IPV6_RANGES: Record<string, AddressCategory> = {
  unicast: 'public',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link_local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

/** The IPv4 address an IPv6 address stands for, when the kernel or a NAT64 gateway would use it. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const p = address.parts;
  const last32 = (): ipaddr.IPv4 => new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (SIIT) reach the IPv4 host directly.
  if (range === 'ipv4Mapped' || range === 'rfc6145') return last32();
  // 64:ff9b::a.b.c.d, the well-known NAT64 prefix, reaches it through the gateway.
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0)) return last32();
  return null;
}

/**
 * Category of one textual address: canonical dotted/colon forms and the legacy IPv4 spellings
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`) that some resolvers and libc still accept.
 */
export function classifyAddress(text: string): AddressCategory {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(trimmed)) return 'invalid';
  let address = ipaddr.parse(trimmed);
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    // IPv4-compatible ::a.b.c.d is deprecated and has no business in a webhook URL.
    const range = v6.range();
    if (v6.parts.slice(0, 6).every((x) => x === 0) && range !== 'unspecified' && range !== 'loopback')
      return 'reserved';
    address = embeddedIpv4(v6) ?? v6;
  }
  if (METADATA_ADDRESSES.has(address.toNormalizedString()) || METADATA_ADDRESSES.has(address.toString()))
    return 'metadata';
  const table = address.kind() === 'ipv4' ? IPV4_RANGES : IPV6_RANGES;
  return table[address.range()] ?? 'reserved';
}

export interface AddressPolicy {
  /** Operator switch for self-hosted CRMs: also allow loopback, RFC 1918 / ULA and CGNAT. */
  allowPrivate?: boolean;
}

/**
 * Link-local stays refused even with `allowPrivate`: no CRM lives there, and 169.254/16 and
 * fe80::/10 are where cloud credential and DNS services sit beyond the few we list by name.
 */
export function isAddressAllowed(address: string, policy: AddressPolicy = {}): boolean {
  const category = classifyAddress(address);
  return category === 'public' || (policy.allowPrivate === true && PRIVATE_CATEGORIES.has(category));
}

export class ForbiddenAddressError extends Error {
  readonly code = 'EWEBHOOKFORBIDDEN';
  constructor(
    readonly address: string,
    readonly category: AddressCategory,
  ) {
    super(`webhook target address ${address} is not allowed (${category})`);
    this.name = 'ForbiddenAddressError';
  }
}

/**
 * Delivery-time check of the address actually connected to (`socket.remoteAddress`). The URL
 * was checked at registration, but DNS can answer differently now (rebinding), so every delivery
 * must check again. A forward proxy makes this the proxy's address: then the proxy must filter.
 */
export function assertRemoteAddressAllowed(address: string | undefined, policy: AddressPolicy = {}): void {
  if (address === undefined || !isAddressAllowed(address, policy)) {
    throw new ForbiddenAddressError(address ?? '(none)', address === undefined ? 'invalid' : classifyAddress(address));
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type BaseLookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for `http(s).Agent` / `net.connect` that refuses a host if any of its addresses is
 * forbidden, before a socket is opened. Better than checking after connect (nothing is sent to
 * an internal service at all); use both if the client allows. Handles both shapes Node asks for:
 * `all: true` (autoSelectFamily) and a single address.
 */
export function createGuardedLookup(policy: AddressPolicy = {}, base: BaseLookup = dnsLookup as unknown as BaseLookup) {
  return function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENOTFOUND' }), []);
      const refused = addresses.find((a) => !isAddressAllowed(a.address, policy));
      if (refused) return callback(new ForbiddenAddressError(refused.address, classifyAddress(refused.address)), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
