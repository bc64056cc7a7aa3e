import type { VoiceScript } from '../voice-script';
import { renderTwiml } from './twiml-renderer';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const voice = { voice: 'Polly.Joanna', language: 'en-US' };

describe('renderTwiml', () => {
  it('renders a greeting, a keypad-and-speech question and its no-input redirect', () => {
    const script: VoiceScript = [
      { kind: 'say', text: 'Hello & welcome', voice },
      {
        kind: 'gather',
        input: ['dtmf', 'speech'],
        actionUrl: 'https://x.test/ivr?q=a&attempt=0',
        language: 'en-US',
        timeoutSeconds: 5,
        numDigits: 2,
        finishOnKey: '#',
        prompt: { text: 'How likely?', voice },
      },
      { kind: 'redirect', url: 'https://x.test/ivr?q=a&attempt=0&timeout=1' },
    ];
    expect(renderTwiml(script)).toBe(
      XML +
        '<Response><Say voice="Polly.Joanna" language="en-US">Hello &amp; welcome</Say>' +
        '<Gather input="dtmf speech" action="https://x.test/ivr?q=a&amp;attempt=0" method="POST" language="en-US" timeout="5" speechTimeout="auto" numDigits="2" finishOnKey="#">' +
        '<Say voice="Polly.Joanna" language="en-US">How likely?</Say></Gather>' +
        '<Redirect method="POST">https://x.test/ivr?q=a&amp;attempt=0&amp;timeout=1</Redirect></Response>',
    );
  });

  it('transcribes a recording only when the script names a callback', () => {
    const record = { kind: 'record', actionUrl: '/r', maxLengthSeconds: 120, finishOnKey: '#', beep: true } as const;
    expect(renderTwiml([{ ...record, transcribeCallback: '/t?q=b' }])).toBe(
      XML +
        '<Response><Record action="/r" method="POST" maxLength="120" finishOnKey="#" playBeep="true" transcribe="true" transcribeCallback="/t?q=b"/></Response>',
    );
    expect(renderTwiml([record, { kind: 'hangup' }])).toBe(
      XML +
        '<Response><Record action="/r" method="POST" maxLength="120" finishOnKey="#" playBeep="true"/><Hangup/></Response>',
    );
  });

  it('leaves finishOnKey out when the script has none', () => {
    const xml = renderTwiml([
      {
        kind: 'gather',
        input: ['dtmf'],
        actionUrl: '/a',
        language: 'fi-FI',
        timeoutSeconds: 5,
        numDigits: 1,
        prompt: { text: 'K', voice },
      },
    ]);
    expect(xml).toContain(
      '<Gather input="dtmf" action="/a" method="POST" language="fi-FI" timeout="5" speechTimeout="auto" numDigits="1">',
    );
  });
});
