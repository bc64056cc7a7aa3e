/** One server-sent event. `data` is sent as JSON. */
export interface SseEvent {
  event: string;
  id: string;
  data: unknown;
}

/**
 * Formats an event for the wire. JSON.stringify never emits a raw line break, but a field must not
 * contain one (it would end the field), so any that a replacer let through are split into data lines.
 */
export function sseEvent(e: SseEvent): string {
  const data = JSON.stringify(e.data)
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `event: ${oneLine(e.event)}\nid: ${oneLine(e.id)}\n${data}\n`;
}

/** A comment line: ignored by clients, but it keeps proxies and load balancers from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/** Tells EventSource how long to wait before reconnecting. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}
