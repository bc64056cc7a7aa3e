import { eventually } from './test-app';

export interface SseMessage {
  event?: string;
  id?: string;
  data?: any;
  retry?: number;
  comment?: string;
}

/** A dashboard: reads a server-sent-events route with fetch (as a fetch-based SSE client does) and parses the stream. */
export class Dashboard {
  readonly messages: SseMessage[] = [];
  done = false;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly res: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<Dashboard> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const d = new Dashboard(res.status, res.headers, res, abort);
    if (res.ok) void d.pump();
    return d;
  }

  events(name: string): any[] {
    return this.messages.filter((m) => m.event === name).map((m) => m.data);
  }

  /** Waits for the first `name` event that satisfies `match`. */
  async next(name: string, match: (data: any) => boolean = () => true, timeoutMs = 10000): Promise<any> {
    return eventually(async () => this.events(name).find(match), timeoutMs, 20);
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    const reader = this.res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.messages.push(parseMessage(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      /* aborted by the test */
    }
    this.done = true;
  }
}

function parseMessage(block: string): SseMessage {
  const m: SseMessage = {};
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) m.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) m.event = line.slice(7);
    else if (line.startsWith('id: ')) m.id = line.slice(4);
    else if (line.startsWith('retry: ')) m.retry = Number(line.slice(7));
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length) m.data = JSON.parse(data.join('\n'));
  return m;
}
