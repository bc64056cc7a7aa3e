import { auditActionOf, auditTargetOf, joinRoutePath } from './audit-action';

describe('auditActionOf', () => {
  it.each([
    ['POST', '/v1/campaigns', 'campaigns.create'],
    ['POST', '/v1/alerts/:id/resolve', 'alerts.resolve'],
    ['POST', '/v1/alerts/:id/acknowledge', 'alerts.acknowledge'],
    ['POST', '/v1/contacts/import', 'contacts.import'],
    ['PATCH', '/v1/settings/workspace', 'settings.workspace.update'],
    ['PUT', '/v1/settings/survey-fatigue', 'settings.survey-fatigue.update'],
    ['PUT', '/v1/contacts/:id/opt-outs', 'contacts.opt-outs.update'],
    ['PUT', '/v1/campaigns/:campaignId/alert-rules', 'campaigns.alert-rules.update'],
    ['DELETE', '/v1/api-keys/:id', 'api-keys.delete'],
    ['DELETE', '/v1/settings/twilio', 'settings.twilio.delete'],
    ['GET', '/v1/responses/export', 'responses.export'],
    ['POST', '/v1/webhook-endpoints/:id/messages/:messageId/replay', 'webhook-endpoints.messages.replay'],
  ])('%s %s is %s', (method, path, action) => {
    expect(auditActionOf(method, path)).toBe(action);
  });
});

describe('auditTargetOf', () => {
  it('names the resource before the first parameter and its value', () => {
    expect(auditTargetOf('/v1/alerts/:id/resolve', { id: 'a1' }, {})).toEqual({ type: 'alerts', id: 'a1' });
    expect(auditTargetOf('/v1/campaigns/:campaignId/alert-rules', { campaignId: 'c1' }, {})).toEqual({
      type: 'campaigns',
      id: 'c1',
    });
  });

  it('names a created resource by the id in the answer, and settings by their path', () => {
    expect(auditTargetOf('/v1/api-keys', {}, { id: 'k1', apiKey: 'pal_…' })).toEqual({ type: 'api-keys', id: 'k1' });
    expect(auditTargetOf('/v1/settings/workspace', {}, { name: 'Acme' })).toEqual({
      type: 'settings.workspace',
      id: null,
    });
    expect(auditTargetOf('/v1/responses/export', {}, undefined)).toEqual({ type: 'responses.export', id: null });
  });
});

describe('joinRoutePath', () => {
  it('joins as Nest does', () => {
    expect(joinRoutePath('v1/alerts', ':id/resolve')).toBe('/v1/alerts/:id/resolve');
    expect(joinRoutePath('v1/api-keys', '/')).toBe('/v1/api-keys');
    expect(joinRoutePath('/', 'r/:token')).toBe('/r/:token');
    expect(joinRoutePath('v1/settings/workspace', '')).toBe('/v1/settings/workspace');
  });
});
