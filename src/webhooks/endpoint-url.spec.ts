import { checkEndpointUrl, MAX_URL_LENGTH, type Resolver } from './endpoint-url';

const DNS: Record<string, string[]> = {
  'crm.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'hooks.example.com': ['93.184.215.15'],
  'internal.example.com': ['10.0.0.12'],
  'mixed.example.com': ['93.184.215.14', '192.168.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'v6lan.example.com': ['fd00::10'],
  'cgnat.example.com': ['100.64.0.7'],
  '127.0.0.1.nip.io': ['127.0.0.1'],
  'empty.example.com': [],
};

const resolve: jest.MockedFunction<Resolver> = jest.fn(async (hostname: string) => {
  const found = DNS[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found;
});

beforeEach(() => resolve.mockClear());

describe('checkEndpointUrl accepts', () => {
  it.each([
    ['a public https host', 'https://crm.example.com/hooks/palaute', 'https://crm.example.com/hooks/palaute'],
    [
      'a port and query',
      'https://hooks.example.com:8443/in?source=palaute',
      'https://hooks.example.com:8443/in?source=palaute',
    ],
    ['a public IPv4 literal', 'https://93.184.215.14/in', 'https://93.184.215.14/in'],
    ['a public IPv6 literal', 'https://[2606:4700::1]/in', 'https://[2606:4700::1]/in'],
    ['surrounding spaces and a fragment (dropped)', '  https://crm.example.com/x#frag ', 'https://crm.example.com/x'],
    ['upper-case host (normalised)', 'HTTPS://CRM.Example.COM/x', 'https://crm.example.com/x'],
  ])('%s', async (_name, raw, normalised) => {
    const result = await checkEndpointUrl(raw, { resolve });
    expect(result).toMatchObject({ ok: true, url: normalised });
  });

  it('returns every resolved address, all of them checked', async () => {
    expect(await checkEndpointUrl('https://crm.example.com/', { resolve })).toEqual({
      ok: true,
      url: 'https://crm.example.com/',
      addresses: DNS['crm.example.com'],
    });
  });

  it('does not call the resolver for an IP literal', async () => {
    await checkEndpointUrl('https://93.184.215.14/', { resolve });
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('checkEndpointUrl refuses', () => {
  it.each<[string, string, string, string | undefined]>([
    ['garbage', 'not a url', 'invalid_url', undefined],
    ['a relative path', '/hooks', 'invalid_url', undefined],
    ['an over-long URL', `https://crm.example.com/${'a'.repeat(MAX_URL_LENGTH)}`, 'too_long', undefined],
    ['plain http', 'http://crm.example.com/hooks', 'scheme_not_allowed', undefined],
    ['ftp', 'ftp://crm.example.com/', 'scheme_not_allowed', undefined],
    ['file', 'file:///etc/passwd', 'scheme_not_allowed', undefined],
    ['javascript', 'javascript:alert(1)', 'scheme_not_allowed', undefined],
    ['a user name', 'https://user@crm.example.com/', 'credentials_in_url', undefined],
    ['a user and password', 'https://user:secret@crm.example.com/', 'credentials_in_url', undefined],
    ['an unknown host', 'https://nope.example.com/', 'unresolvable', undefined],
    ['a host with no addresses', 'https://empty.example.com/', 'unresolvable', undefined],
    ['localhost', 'https://localhost/', 'forbidden_address', 'loopback'],
    ['localhost with a trailing dot', 'https://LOCALHOST./', 'forbidden_address', 'loopback'],
    ['a *.localhost name', 'https://api.localhost:3000/', 'forbidden_address', 'loopback'],
    ['127.0.0.1', 'https://127.0.0.1/', 'forbidden_address', 'loopback'],
    ['decimal 2130706433', 'https://2130706433/', 'forbidden_address', 'loopback'],
    ['hex 0x7f000001', 'https://0x7f000001/', 'forbidden_address', 'loopback'],
    ['hex and short 0x7f.1', 'https://0x7f.1/', 'forbidden_address', 'loopback'],
    ['octal 0177.0.0.1', 'https://0177.0.0.1/', 'forbidden_address', 'loopback'],
    ['short 127.1', 'https://127.1/', 'forbidden_address', 'loopback'],
    ['percent-encoded 127', 'https://%31%32%37.0.0.1/', 'forbidden_address', 'loopback'],
    ['full-width digits', 'https://１２７.0.0.1/', 'forbidden_address', 'loopback'],
    ['octal 192.168', 'https://0300.0250.0.1/', 'forbidden_address', 'private'],
    ['[::1]', 'https://[::1]:8080/', 'forbidden_address', 'loopback'],
    ['IPv4-mapped loopback literal', 'https://[::ffff:127.0.0.1]/', 'forbidden_address', 'loopback'],
    ['IPv4-mapped metadata literal', 'https://[::ffff:a9fe:a9fe]/', 'forbidden_address', 'metadata'],
    ['0 (0.0.0.0)', 'https://0/', 'forbidden_address', 'unspecified'],
    ['[::]', 'https://[::]/', 'forbidden_address', 'unspecified'],
    ['10.x', 'https://10.1.2.3/', 'forbidden_address', 'private'],
    ['172.16.x', 'https://172.16.0.1/', 'forbidden_address', 'private'],
    ['192.168.x', 'https://192.168.1.1/', 'forbidden_address', 'private'],
    ['fc00::/7', 'https://[fd00::1]/', 'forbidden_address', 'private'],
    ['link-local', 'https://169.254.10.1/', 'forbidden_address', 'link_local'],
    ['fe80::/10', 'https://[fe80::1]/', 'forbidden_address', 'link_local'],
    ['the metadata service', 'https://169.254.169.254/latest/meta-data/', 'forbidden_address', 'metadata'],
    ['CGNAT', 'https://100.64.0.1/', 'forbidden_address', 'carrier_grade_nat'],
    ['multicast', 'https://224.0.0.251/', 'forbidden_address', 'multicast'],
    ['broadcast', 'https://255.255.255.255/', 'forbidden_address', 'broadcast'],
    ['a name resolving to a private address', 'https://internal.example.com/', 'forbidden_address', 'private'],
    ['a name with one private address among public ones', 'https://mixed.example.com/', 'forbidden_address', 'private'],
    ['a name resolving to the metadata service', 'https://metadata.example.com/', 'forbidden_address', 'metadata'],
    ['a name resolving to mapped loopback', 'https://mapped.example.com/', 'forbidden_address', 'loopback'],
    ['a nip.io-style name', 'https://127.0.0.1.nip.io/', 'forbidden_address', 'loopback'],
  ])('%s', async (_name, raw, problem, category) => {
    const result = await checkEndpointUrl(raw, { resolve });
    expect(result).toMatchObject({ ok: false, problem });
    if (category) expect(result).toMatchObject({ category });
    if (!result.ok) expect(result.message).toEqual(expect.any(String));
  });

  it('names the offending address', async () => {
    expect(await checkEndpointUrl('https://mixed.example.com/', { resolve })).toMatchObject({ address: '192.168.0.1' });
  });
});

describe('operator switches', () => {
  it.each([
    ['https://internal.example.com/', 'private'],
    ['https://v6lan.example.com/', 'private'],
    ['https://cgnat.example.com/', 'CGNAT'],
    ['https://127.0.0.1:9000/', 'loopback'],
    ['https://localhost:9000/', 'localhost (not resolved, by name)'],
  ])('allowPrivate lets %s (%s) through', async (raw, _kind) => {
    const refused = await checkEndpointUrl(raw, { resolve });
    expect(refused.ok).toBe(false);
    const allowed = await checkEndpointUrl(raw, { resolve, allowPrivate: true });
    // localhost is refused by name before resolution even with allowPrivate: use 127.0.0.1.
    if (raw.includes('localhost')) expect(allowed).toMatchObject({ ok: false, problem: 'forbidden_address' });
    else expect(allowed).toMatchObject({ ok: true });
  });

  it.each([
    'https://169.254.169.254/',
    'https://metadata.example.com/',
    'https://[fe80::1]/',
    'https://169.254.1.1/',
    'https://0.0.0.0/',
    'https://224.0.0.1/',
  ])('allowPrivate still refuses %s', async (raw) => {
    expect(await checkEndpointUrl(raw, { resolve, allowPrivate: true })).toMatchObject({
      ok: false,
      problem: 'forbidden_address',
    });
  });

  it('allowHttp accepts http, and still checks the address', async () => {
    expect(await checkEndpointUrl('http://crm.example.com/', { resolve, allowHttp: true })).toMatchObject({ ok: true });
    expect(await checkEndpointUrl('http://10.0.0.5/', { resolve, allowHttp: true })).toMatchObject({
      ok: false,
      problem: 'forbidden_address',
    });
    expect(await checkEndpointUrl('http://10.0.0.5/', { resolve, allowHttp: true, allowPrivate: true })).toMatchObject({
      ok: true,
    });
  });

  it('allowPrivate alone does not allow http', async () => {
    expect(await checkEndpointUrl('http://10.0.0.5/', { resolve, allowPrivate: true })).toMatchObject({
      ok: false,
      problem: 'scheme_not_allowed',
    });
  });
});
