import { PermanentSendError, ProviderUnavailableError, UncertainDeliveryError } from '../channel-adapter';
import { classifySmtpFailure, SmtpFailure } from './smtp-failure';

const classify = (f: SmtpFailure) => classifySmtpFailure(f, 5000);

describe('classifySmtpFailure', () => {
  it.each<[string, SmtpFailure, new (...args: never[]) => Error]>([
    [
      'a refused connection',
      { phase: 'connect', message: 'connect ECONNREFUSED 127.0.0.1:2525' },
      ProviderUnavailableError,
    ],
    ['no greeting', { phase: 'connect', message: 'Greeting never received' }, ProviderUnavailableError],
    [
      'a failed login (535)',
      { phase: 'connect', responseCode: 535, message: 'Invalid login' },
      ProviderUnavailableError,
    ],
    [
      'a 421 while connecting',
      { phase: 'connect', responseCode: 421, message: 'Too many connections' },
      ProviderUnavailableError,
    ],
    [
      'a connection cut mid-transaction',
      { phase: 'transaction', message: 'Connection closed unexpectedly' },
      ProviderUnavailableError,
    ],
    [
      'a 421 to MAIL FROM',
      { phase: 'transaction', responseCode: 421, message: 'Server shutting down' },
      ProviderUnavailableError,
    ],
    ['a 550 unknown mailbox', { phase: 'transaction', responseCode: 550, message: 'No such user' }, PermanentSendError],
    ['a 554 to the final dot', { phase: 'handed-over', responseCode: 554, message: 'Rejected' }, PermanentSendError],
    ['no reply to the final dot', { phase: 'handed-over', message: 'Timeout' }, UncertainDeliveryError],
  ])('%s', (_case, failure, expected) => {
    expect(classify(failure)).toBeInstanceOf(expected);
  });

  it('retries a 4xx answer to the message as an ordinary error, spending an attempt', () => {
    for (const phase of ['transaction', 'handed-over'] as const) {
      const err = classify({ phase, responseCode: 451, message: 'Try again later' });
      expect(err.constructor).toBe(Error);
      expect(err.message).toBe('SMTP 451: Try again later');
    }
  });

  it('says how long to wait when the server is unavailable', () => {
    const err = classify({ phase: 'connect', message: 'connect ECONNREFUSED' });
    expect((err as ProviderUnavailableError).retryAfterMs).toBe(5000);
  });
});
