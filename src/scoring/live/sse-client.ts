import { sseComment, sseEvent } from './sse-format';

/** The part of a response stream a client writes to: an http.ServerResponse in the app, a stub in unit tests. */
export interface SseSink {
  /** False when the buffer is past its high-water mark; 'drain' follows once it has emptied. */
  write(chunk: string): boolean;
  /** Bytes written but not yet handed to the kernel. */
  readonly writableLength: number;
  once(event: 'drain', listener: () => void): unknown;
  /** Optional batching: writes between cork and uncork leave in one syscall. */
  cork?(): void;
  uncork?(): void;
  end(): unknown;
  destroy(): unknown;
}

/** Per dashboard: a burst of a few hundred events fits, a reader that stopped reading costs no more. */
export const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * One dashboard's stream, with backpressure. Once more than `maxBufferedBytes` wait unsent, nothing
 * more is written until the buffer drains: `response` events are dropped and only the newest
 * `scores` is kept, to be sent on drain. A slow dashboard therefore costs bounded memory, and it
 * still ends up with correct scores (the newest figures replace every set it missed).
 */
export class SseClient {
  private blockedSince: number | null = null;
  private owedScores: { data: unknown } | null = null;
  private sentScores = false;
  private closed = false;
  private dropped = 0;

  constructor(
    private readonly sink: SseSink,
    private readonly nextId: () => string,
    private readonly now: () => number = Date.now,
    private readonly maxBufferedBytes = MAX_BUFFERED_BYTES,
  ) {}

  /** Several events in one socket write. */
  batch(fn: () => void): void {
    this.sink.cork?.();
    try {
      fn();
    } finally {
      this.sink.uncork?.();
    }
  }

  sendResponse(data: unknown): void {
    this.sendDroppable('response', data);
  }

  /** An event a reader that fell behind may miss (a response, an alert change): skipped while the socket is full. */
  sendDroppable(event: string, data: unknown): void {
    if (this.closed) return;
    if (this.blockedSince !== null) {
      this.dropped++;
      return;
    }
    this.write(sseEvent({ event, id: this.nextId(), data }));
  }

  sendScores(data: unknown): void {
    if (this.closed) return;
    this.sentScores = true;
    if (this.blockedSince !== null) {
      this.owedScores = { data };
      return;
    }
    this.write(sseEvent({ event: 'scores', id: this.nextId(), data }));
  }

  /**
   * The scores computed for this client on connect. They may finish after a broadcast computed
   * later (and so newer) has already reached it; then they are stale and are not sent.
   */
  sendInitialScores(data: unknown): void {
    if (!this.sentScores) this.sendScores(data);
  }

  heartbeat(): void {
    if (!this.closed && this.blockedSince === null) this.write(sseComment('keep-alive'));
  }

  /** Raw preamble (retry hint) before any event. */
  writeRaw(chunk: string): void {
    if (!this.closed && this.blockedSince === null) this.write(chunk);
  }

  /** Ends the stream; a stalled one is cut off, since ending it would only queue behind the full buffer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.blockedSince === null) this.sink.end();
    else this.sink.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Droppable events (`response`, …) dropped so far because this client was behind. */
  get droppedResponses(): number {
    return this.dropped;
  }

  /** How long the socket has been full (0 when it is not): a peer that never reads is cut off. */
  stalledForMs(): number {
    return this.blockedSince === null ? 0 : this.now() - this.blockedSince;
  }

  private write(chunk: string): void {
    // Past the high-water mark but within budget: keep writing. 'drain' is still owed, since the write said false.
    if (this.sink.write(chunk) || this.sink.writableLength < this.maxBufferedBytes) return;
    this.blockedSince = this.now();
    this.sink.once('drain', () => this.drained());
  }

  private drained(): void {
    this.blockedSince = null;
    if (this.closed) return;
    const owed = this.owedScores;
    this.owedScores = null;
    if (owed) this.sendScores(owed.data);
  }
}
