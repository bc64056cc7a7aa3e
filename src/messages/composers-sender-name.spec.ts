import type { AppConfig } from '../config/config';
import type { SurveyDefinition } from '../surveys/survey-definition';
import { SurveyEmailComposer } from './survey-email.composer';
import { SurveySmsComposer } from './survey-sms.composer';

const config = { publicBaseUrl: 'https://palaute.test', companyName: 'Palaute' } as AppConfig;
const definition: SurveyDefinition = {
  defaultLocale: 'en',
  questions: [{ id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } }],
};
const account = { accountSid: 'AC1', authToken: 't', sender: '+15005550006' };

describe('invitation composers and the sender name', () => {
  it("put the workspace's sender name in the email subject, body and From name", () => {
    const email = new SurveyEmailComposer(config).compose({
      invitationId: 'inv-1',
      step: 0,
      token: 'tok',
      to: 'anna@example.com',
      contactName: null,
      contactLocale: 'en',
      subject: null,
      survey: { id: 'v1', surveyId: 's1', surveyName: 'NPS', version: 1, definition },
      senderName: 'Acme Oy',
    });
    expect(email.subject).toContain('Acme Oy');
    expect(email.subject).not.toContain('Palaute');
    expect(email.text).toContain('Acme Oy');
    expect(email.fromName).toBe('Acme Oy');
  });

  it('open the SMS with the sender name, and size texts with COMPANY_NAME unless told otherwise', () => {
    const sms = new SurveySmsComposer(config);
    const body = sms.compose({
      invitationId: 'inv-1',
      workspaceId: 'ws-1',
      to: '+358401110001',
      contactLocale: 'en',
      definition,
      account,
      senderName: 'Acme Oy',
    }).body;
    expect(body.startsWith('Acme Oy: ')).toBe(true);
    expect(sms.text(definition, 'en').body.startsWith('Palaute: ')).toBe(true);
    expect(sms.sizes(definition, 'Acme Oy')[0].body).toBe(body);
  });
});
