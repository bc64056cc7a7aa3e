/**
 * The URLs Twilio requests during a survey call, all below one path tied to the invitation's
 * token. Per-turn state (which question, which attempt) travels in the query string: Twilio signs
 * the full URL, so it cannot be altered, and no call state has to be kept between turns.
 */
export interface VoiceTurn {
  questionId: string;
  attempt: number;
}

export function voiceCallUrl(publicBaseUrl: string, workspaceId: string, token: string): string {
  return `${publicBaseUrl}/webhooks/twilio/${workspaceId}/voice/${token}`;
}

export function voiceTurnUrl(callUrl: string, turn: VoiceTurn): string {
  return `${callUrl}?q=${encodeURIComponent(turn.questionId)}&attempt=${turn.attempt}`;
}

export function voiceStatusUrl(callUrl: string): string {
  return `${callUrl}/status`;
}

export function voiceTranscriptionUrl(callUrl: string, questionId: string): string {
  return `${callUrl}/transcription?q=${encodeURIComponent(questionId)}`;
}

/** The turn a request answers; null for the call's first request. */
export function readVoiceTurn(query: URLSearchParams): VoiceTurn | null {
  const questionId = query.get('q');
  if (!questionId) return null;
  const attempt = Number(query.get('attempt') ?? 0);
  return { questionId, attempt: Number.isInteger(attempt) && attempt >= 0 ? attempt : 0 };
}
