import { maskUrlSecrets } from './request-log';

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
