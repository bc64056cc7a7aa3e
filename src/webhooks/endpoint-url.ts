import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { type AddressCategory, type AddressPolicy, classifyAddress, isAddressAllowed } from './address-policy';

/**
 * Registration-time check of a webhook endpoint URL. It stops the obvious SSRF targets early with
 * a clear error; it is not enough on its own, because DNS may answer differently at delivery time
 * (rebinding). The delivery client must also use createGuardedLookup / assertRemoteAddressAllowed.
 */

/** Returns every address a host name resolves to (A and AAAA). Injected so tests stay offline. */
export type Resolver = (hostname: string) => Promise<string[]>;

/**
 * Resolves through getaddrinfo, like the HTTP client will (hosts file included), rather than
 * querying DNS directly and checking a different answer from the one used to connect.
 */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface EndpointUrlOptions extends AddressPolicy {
  resolve: Resolver;
  /** Operator switch: accept `http:` URLs (LAN CRMs without TLS). Bodies then travel in clear. */
  allowHttp?: boolean;
}

export type EndpointUrlProblem =
  'invalid_url' | 'too_long' | 'scheme_not_allowed' | 'credentials_in_url' | 'unresolvable' | 'forbidden_address';

export type EndpointUrlCheck =
  | { ok: true; url: string; addresses: string[] }
  | { ok: false; problem: EndpointUrlProblem; message: string; address?: string; category?: AddressCategory };

export const MAX_URL_LENGTH = 2048;

// RFC 6761: these names never leave the machine, whatever a resolver says.
const LOCAL_NAMES = /(^|\.)(localhost|localhost\.localdomain)\.?$/i;

function refuse(problem: EndpointUrlProblem, message: string, extra: Partial<EndpointUrlCheck> = {}): EndpointUrlCheck {
  return { ok: false, problem, message, ...extra } as EndpointUrlCheck;
}

/**
 * Checks a URL and every address its host resolves to. The WHATWG URL parser already turns
 * `http://2130706433/`, `http://0x7f.1/` and `http://0177.0.0.1/` into `127.0.0.1`, so the
 * decimal/hex/octal tricks reach the address check in canonical form.
 */
export async function checkEndpointUrl(raw: string, options: EndpointUrlOptions): Promise<EndpointUrlCheck> {
  if (raw.length > MAX_URL_LENGTH) return refuse('too_long', `URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse('invalid_url', 'not an absolute URL');
  }
  const schemes = options.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return refuse('scheme_not_allowed', `URL must use ${schemes.join(' or ')}`);
  // fetch() refuses such URLs at delivery, and a password would be stored and logged in clear.
  if (url.username || url.password) return refuse('credentials_in_url', 'URL must not contain a user name or password');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return refuse('invalid_url', 'URL has no host');

  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else if (LOCAL_NAMES.test(host)) {
    return refuse('forbidden_address', `${host} always points at this machine`, { category: 'loopback' });
  } else {
    try {
      addresses = await options.resolve(host);
    } catch (error) {
      return refuse(
        'unresolvable',
        `${host} does not resolve (${(error as { code?: string }).code ?? (error as Error).message})`,
      );
    }
    if (addresses.length === 0) return refuse('unresolvable', `${host} has no addresses`);
  }

  for (const address of addresses) {
    if (!isAddressAllowed(address, options)) {
      const category = classifyAddress(address);
      return refuse('forbidden_address', `${host} resolves to ${address} (${category}), which webhooks may not reach`, {
        address,
        category,
      });
    }
  }
  url.hash = '';
  return { ok: true, url: url.href, addresses };
}
