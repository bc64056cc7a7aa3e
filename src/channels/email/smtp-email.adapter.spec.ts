import { fromHeader, smtpConnectionOptions } from './smtp-email.adapter';

describe('smtpConnectionOptions', () => {
  it('reads host, port, TLS and the credentials from SMTP_URL', () => {
    const { connection, maxConnections } = smtpConnectionOptions('smtps://user:p%40ss@mail.example.com:465');
    expect(connection).toMatchObject({ host: 'mail.example.com', port: 465, secure: true });
    expect(connection.auth).toEqual({ user: 'user', pass: 'p@ss' });
    expect(maxConnections).toBeUndefined();
  });

  it("keeps the operator's query options and pool size, and drops nodemailer's own pool switches", () => {
    const { connection, maxConnections } = smtpConnectionOptions(
      'smtp://mail.example.com:587?maxConnections=2&pool=false&maxMessages=10&tls.rejectUnauthorized=false&requireTLS=true',
    );
    expect(maxConnections).toBe(2);
    expect(connection).toMatchObject({ secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    expect(connection).not.toHaveProperty('pool');
    expect(connection).not.toHaveProperty('maxMessages');
  });
});

describe('coalesceWrites', () => {
  it('sends everything written in one tick as a single cork/uncork cycle', async () => {
    const { Socket } = await import('node:net');
    const { coalesceWrites } = await import('./smtp-email.adapter');
    const socket = new Socket();
    let corks = 0;
    let uncorks = 0;
    const writes: string[] = [];
    socket.cork = () => void corks++;
    socket.uncork = () => void uncorks++;
    socket.write = ((chunk: string) => (writes.push(chunk), true)) as typeof socket.write;
    coalesceWrites(socket);
    socket.write('MAIL FROM:<a@b>\r\n');
    socket.write('RCPT TO:<c@d>\r\n');
    expect(corks).toBe(1);
    await new Promise((r) => process.nextTick(r));
    expect(uncorks).toBe(1);
    expect(writes).toEqual(['MAIL FROM:<a@b>\r\n', 'RCPT TO:<c@d>\r\n']);
    socket.write('DATA\r\n');
    expect(corks).toBe(2);
    socket.destroy();
  });
});

describe('fromHeader', () => {
  it("keeps EMAIL_FROM's own name", () => {
    expect(fromHeader('Palaute <surveys@palaute.local>', 'Acme')).toBe('Palaute <surveys@palaute.local>');
    expect(fromHeader('"Acme, CX" <cx@acme.test>', 'Other')).toBe('"Acme, CX" <cx@acme.test>');
  });

  it("names a bare EMAIL_FROM address with the message's sender name", () => {
    expect(fromHeader('surveys@acme.test', 'Acme Oy')).toEqual({ name: 'Acme Oy', address: 'surveys@acme.test' });
    expect(fromHeader('<surveys@acme.test>', 'Ålands')).toEqual({ name: 'Ålands', address: 'surveys@acme.test' });
  });

  it('leaves a bare address bare when the message has no sender name (alerts, digests)', () => {
    expect(fromHeader('surveys@acme.test')).toBe('surveys@acme.test');
  });
});
