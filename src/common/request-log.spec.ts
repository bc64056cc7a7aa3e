import type { IncomingMessage, ServerResponse } from 'node:http';

import pino from 'pino';

import { logRequest, maskUrlSecrets } from './request-log';

describe('maskUrlSecrets', () => {
  it.each([
    ['/s/Zk3_abc-123', '/s/***'],
    ['/s/Zk3_abc-123?lang=fi', '/s/***?lang=fi'],
    ['/u/tok', '/u/***'],
    ['/r/tok#x', '/r/***#x'],
    ['/webhooks/twilio/ws-1/voice/tok123/status?q=2', '/webhooks/twilio/ws-1/voice/***/status?q=2'],
    ['/v1/campaigns/c1/live?access_token=pal_abc_def&x=1', '/v1/campaigns/c1/live?access_token=***&x=1'],
  ])('masks %s', (url, masked) => {
    expect(maskUrlSecrets(url)).toBe(masked);
  });

  it('leaves URLs without credentials alone', () => {
    expect(maskUrlSecrets('/v1/events')).toBe('/v1/events');
    expect(maskUrlSecrets('/v1/surveys/s/1')).toBe('/v1/surveys/s/1');
  });
});

describe('logRequest', () => {
  const capture = (level = 'info') => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level, base: null, timestamp: false }, { write: (l: string) => lines.push(JSON.parse(l)) });
    return { logger, lines };
  };
  const request = (url: string, method = 'GET') => ({ url, method, id: 'req-7' }) as unknown as IncomingMessage;
  const response = (statusCode: number) => ({ statusCode }) as ServerResponse;

  it('writes one line in pino-http’s shape, with the request id and the URL masked', () => {
    const { logger, lines } = capture();
    logRequest(logger, request('/s/secret-token?lang=fi'), response(200), '/s/:token', 0.0123);
    expect(lines).toEqual([
      {
        level: 30,
        requestId: 'req-7',
        req: { method: 'GET', url: '/s/***?lang=fi' },
        res: { statusCode: 200 },
        responseTime: 12,
        route: '/s/:token',
        msg: 'request completed',
      },
    ]);
  });

  it('logs 5xx at error, and successful probes only at debug', () => {
    const { logger, lines } = capture('info');
    logRequest(logger, request('/v1/events', 'POST'), response(503), '/v1/events', 0.001);
    logRequest(logger, request('/health/ready'), response(200), '/health/ready', 0.001);
    logRequest(logger, request('/health/ready'), response(503), '/health/ready', 0.001);
    expect(lines.map((l) => [l.level, l.msg, l.route])).toEqual([
      [50, 'request errored', '/v1/events'],
      [50, 'request errored', '/health/ready'],
    ]);
  });
});
