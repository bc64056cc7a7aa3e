import { contentSecurityPolicyFor } from './security-headers';

describe('contentSecurityPolicyFor', () => {
  it.each([
    ['/v1/events', 'api'],
    ['/s/token', 'api'],
    ['/app', 'console'],
    ['/app/', 'console'],
    ['/app/campaigns/1', 'console'],
    ['/application', 'api'],
    ['/docs', 'docs'],
    ['/docs/swagger-ui.css', 'docs'],
    ['/docs-json', 'api'],
    ['/dev/outbox', 'dev'],
  ])('%s gets the %s policy', (path, policy) => {
    expect(contentSecurityPolicyFor(path)).toBe(policy);
  });
});
