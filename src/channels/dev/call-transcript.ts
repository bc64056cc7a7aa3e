import type { TranscriptEntry } from '../twilio/simulator/voice-call-runner';

/** A simulated call as a newcomer reads it in the dev outbox: what the IVR said, what the caller did. */
export function callTranscriptText(entries: TranscriptEntry[]): string {
  return entries
    .map(line)
    .filter((l) => l !== '')
    .join('\n');
}

function line(e: TranscriptEntry): string {
  switch (e.kind) {
    case 'say':
      return `IVR${e.language ? ` (${e.language})` : ''}: ${e.text}`;
    case 'play':
      return `IVR plays ${e.url}`;
    case 'pause':
      return `(pause ${e.seconds} s)`;
    case 'gather':
      return `  … waiting for ${e.input.replace(' ', ' or ')}${e.numDigits ? `, up to ${e.numDigits} digits` : ''}${e.finishOnKey ? `, finish with ${e.finishOnKey}` : ''}`;
    case 'pressed':
      return `Caller pressed ${e.digits}`;
    case 'said':
      return `Caller said "${e.speech}"`;
    case 'silence':
      return 'Caller: (silence)';
    case 'record':
      return `Caller recorded ${e.seconds} s${e.transcription ? `: "${e.transcription}"` : ''}`;
    case 'redirect':
      return '';
    case 'unsupported':
      return `(unsupported verb <${e.verb}>)`;
    case 'error':
      return `Error (${e.reason}): ${e.message}`;
    case 'hangup':
      return e.by === 'caller'
        ? 'Caller hung up'
        : e.by === 'twiml'
          ? 'IVR hung up'
          : e.by === 'error'
            ? 'Call dropped'
            : 'Call ended';
    case 'end':
      return `— call ${e.status}, ${e.duration} s`;
  }
}
