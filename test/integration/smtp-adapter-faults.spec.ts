import net, { AddressInfo } from 'node:net';

import {
  OutboundEmail,
  PermanentSendError,
  ProviderUnavailableError,
  UncertainDeliveryError,
} from '../../src/channels/channel-adapter';
import { SmtpEmailAdapter, SmtpSettings } from '../../src/channels/email/smtp-email.adapter';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/test-app';

let seq = 0;
const email = (to = `person${++seq}@example.com`): OutboundEmail => ({
  channel: 'email',
  invitationId: null,
  to,
  subject: 'How did we do?',
  html: '<p>Hello</p>',
  text: 'Hello',
  headers: {},
  messageId: `<fault-${seq}-${Date.now()}@palaute.test>`,
});

/** Settles within `ms` or says it hung: the failure these tests exist to rule out. */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const adapters: SmtpEmailAdapter[] = [];
const adapter = (port: number, overrides: Partial<SmtpSettings> = {}) => {
  const a = new SmtpEmailAdapter({
    url: `smtp://127.0.0.1:${port}`,
    from: 'Palaute <surveys@palaute.test>',
    maxConnections: 2,
    stepTimeoutMs: 2000,
    messageTimeoutMs: 5000,
    retryAfterMs: 300,
    ...overrides,
  });
  adapters.push(a);
  return a;
};

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The SMTP adapter against a real SMTP server that fails in the ways servers do. */
describe('the SMTP adapter under faults', () => {
  const sinks: SmtpSink[] = [];
  const servers: net.Server[] = [];

  afterEach(async () => {
    for (const a of adapters.splice(0)) a.close();
    for (const s of sinks.splice(0)) await s.stop();
    for (const s of servers.splice(0)) s.close();
  });

  it('fails fast while the server is down, never wedges, and sends once it is back', async () => {
    const port = await freePort();
    const smtp = adapter(port);
    // More sends than connections: nodemailer's pool used to keep each refused connection's slot for ever.
    const down = await within(3000, Promise.allSettled(Array.from({ length: 8 }, () => smtp.send(email()))));
    for (const r of down) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ProviderUnavailableError);
    }
    const sink = await new SmtpSink().start(port);
    sinks.push(sink);
    // Within the fail-fast pause a send may still be refused; after it, sends go through.
    const sendSoon = async (): Promise<void> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          await within(3000, smtp.send(email()));
          return;
        } catch (err) {
          if (!(err instanceof ProviderUnavailableError) || Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, sendSoon));
    await sink.waitForCount(6, 5000);
  });

  it('gives up on a server that accepts the connection but never greets', async () => {
    const silent = net.createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const smtp = adapter((silent.address() as AddressInfo).port, { stepTimeoutMs: 300 });
    const started = Date.now();
    await expect(within(3000, smtp.send(email()))).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('records the handover before the final dot: the server has nothing until the hook is done', async () => {
    const sink = await new SmtpSink().start();
    sinks.push(sink);
    const smtp = adapter(sink.port);
    let hookDoneAt = 0;
    await smtp.send(email('hooked@example.com'), {
      beforeHandover: async () => {
        await new Promise((r) => setTimeout(r, 300));
        expect(sink.received).toHaveLength(0);
        hookDoneAt = Date.now();
      },
    });
    const [mail] = await sink.waitForCount(1);
    expect(hookDoneAt).toBeGreaterThan(0);
    expect(mail.at).toBeGreaterThanOrEqual(hookDoneAt);
  });

  it('sends no dot when the hook refuses, so the server drops the message', async () => {
    const sink = await new SmtpSink().start();
    sinks.push(sink);
    const smtp = adapter(sink.port);
    const refused = new Error('row taken over');
    await expect(
      smtp.send(email('refused@example.com'), { beforeHandover: () => Promise.reject(refused) }),
    ).rejects.toBe(refused);
    // The connection that carried it is gone: the server cannot complete that message any more.
    await smtp.send(email('next@example.com'));
    await sink.waitForCount(1);
    await eventually(async () => sink.closedSessionCount >= 1);
    expect(sink.received.map((m) => m.envelopeTo[0])).toEqual(['next@example.com']);
  });

  it('reports a final dot left unanswered as uncertain, and replaces the connection', async () => {
    const sink = await new SmtpSink().start();
    sinks.push(sink);
    const smtp = adapter(sink.port, { messageTimeoutMs: 800 });
    sink.hold();
    let handedOver = false;
    await expect(
      within(
        3000,
        smtp.send(email('silent-dot@example.com'), { beforeHandover: async () => void (handedOver = true) }),
      ),
    ).rejects.toBeInstanceOf(UncertainDeliveryError);
    expect(handedOver).toBe(true);
    sink.release();
    await within(3000, smtp.send(email('after@example.com')));
    const received = await sink.waitForCount(1);
    expect(received.map((m) => m.envelopeTo[0])).toContain('after@example.com');
  });

  it("takes the server's answer to the message as final: 5xx permanent, 4xx retried, 421 unavailable", async () => {
    const sink = await new SmtpSink().start();
    sinks.push(sink);
    const smtp = adapter(sink.port);
    sink.reject('gone@example.com', 550);
    sink.reject('later@example.com', 451);
    sink.reject('busy@example.com', 421);
    await expect(smtp.send(email('gone@example.com'))).rejects.toBeInstanceOf(PermanentSendError);
    const later = await smtp.send(email('later@example.com')).catch((e: Error) => e);
    expect(later).toBeInstanceOf(Error);
    expect(later).not.toBeInstanceOf(PermanentSendError);
    expect(later).not.toBeInstanceOf(ProviderUnavailableError);
    expect(later).not.toBeInstanceOf(UncertainDeliveryError);
    await expect(smtp.send(email('busy@example.com'))).rejects.toBeInstanceOf(ProviderUnavailableError);
    await smtp.send(email('fine@example.com'));
    expect((await sink.waitForCount(1)).map((m) => m.envelopeTo[0])).toEqual(['fine@example.com']);
  });
});
