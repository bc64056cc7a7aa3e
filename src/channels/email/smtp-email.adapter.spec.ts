import { pooledSmtpUrl } from './smtp-email.adapter';

describe('pooledSmtpUrl', () => {
  it('switches pooling on through the query string nodemailer reads', () => {
    const url = new URL(pooledSmtpUrl('smtp://user:p%40ss@mail.example.com:587', 5));
    expect(url.searchParams.get('pool')).toBe('true');
    expect(url.searchParams.get('maxConnections')).toBe('5');
    expect(url.searchParams.get('maxMessages')).toBe('Infinity');
    expect(url.username).toBe('user');
    expect(url.password).toBe('p%40ss');
  });

  it('keeps what the operator set', () => {
    const url = new URL(pooledSmtpUrl('smtps://mail.example.com?pool=false&maxConnections=2', 5));
    expect(url.searchParams.get('pool')).toBe('false');
    expect(url.searchParams.get('maxConnections')).toBe('2');
  });
});
