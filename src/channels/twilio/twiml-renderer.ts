import twilio from 'twilio';
import type VoiceResponseNs from 'twilio/lib/twiml/VoiceResponse';

import type { SpeechVoice, VoiceScript } from '../voice-script';

type SayAttributes = VoiceResponseNs.SayAttributes;

function sayAttributes(voice: SpeechVoice): SayAttributes {
  // Voice and language are configurable strings; the SDK types them as unions of known values.
  return { voice: voice.voice as SayAttributes['voice'], language: voice.language as SayAttributes['language'] };
}

/**
 * The `<Response>` document Twilio runs for a call script. Input is always posted back with
 * POST, and speech input ends when Twilio hears the caller stop (`speechTimeout="auto"`).
 */
export function renderTwiml(script: VoiceScript): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const step of script) {
    switch (step.kind) {
      case 'say':
        response.say(sayAttributes(step.voice), step.text);
        break;
      case 'gather': {
        const gather = response.gather({
          input: [...step.input],
          action: step.actionUrl,
          method: 'POST',
          language: step.language as VoiceResponseNs.GatherAttributes['language'],
          timeout: step.timeoutSeconds,
          speechTimeout: 'auto',
          numDigits: step.numDigits,
          ...(step.finishOnKey ? { finishOnKey: step.finishOnKey } : {}),
        });
        gather.say(sayAttributes(step.prompt.voice), step.prompt.text);
        break;
      }
      case 'record':
        response.record({
          action: step.actionUrl,
          method: 'POST',
          maxLength: step.maxLengthSeconds,
          finishOnKey: step.finishOnKey,
          playBeep: step.beep,
          ...(step.transcribeCallback !== undefined
            ? { transcribe: true, transcribeCallback: step.transcribeCallback }
            : {}),
        });
        break;
      case 'redirect':
        response.redirect({ method: 'POST' }, step.url);
        break;
      case 'hangup':
        response.hangup();
        break;
    }
  }
  return response.toString();
}
