import { SseClient, SseSink } from './sse-client';

/** A socket that takes `room` bytes (and reports false past 10 bytes, its high-water mark) until drained by hand. */
class FakeSink implements SseSink {
  chunks: string[] = [];
  writableLength = 0;
  corked = 0;
  writesWhileCorked = 0;
  ended = false;
  destroyed = false;
  private drainListener: (() => void) | null = null;
  constructor(private readonly highWaterMark = 10) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.writableLength += chunk.length;
    if (this.corked) this.writesWhileCorked++;
    return this.writableLength < this.highWaterMark;
  }
  once(_: 'drain', listener: () => void) {
    this.drainListener = listener;
    return this;
  }
  /** The peer read everything. */
  drain() {
    this.writableLength = 0;
    const l = this.drainListener;
    this.drainListener = null;
    l?.();
  }
  cork() {
    this.corked++;
  }
  uncork() {
    this.corked--;
  }
  end() {
    this.ended = true;
  }
  destroy() {
    this.destroyed = true;
  }
  events() {
    return this.chunks
      .filter((c) => c.startsWith('event:'))
      .map((c) => ({ event: /^event: (\w+)/.exec(c)![1], data: JSON.parse(/\ndata: (.*)\n/.exec(c)![1]) }));
  }
}

const ids = () => {
  let n = 0;
  return () => String(++n);
};

describe('SseClient', () => {
  it('writes events with increasing ids', () => {
    const sink = new FakeSink(Infinity);
    const c = new SseClient(sink, ids());
    c.sendScores({ n: 0 });
    c.sendResponse({ responseId: 'r1' });
    c.heartbeat();
    expect(sink.chunks).toEqual([
      'event: scores\nid: 1\ndata: {"n":0}\n\n',
      'event: response\nid: 2\ndata: {"responseId":"r1"}\n\n',
      ': keep-alive\n\n',
    ]);
  });

  it('keeps writing past the high-water mark while within its byte budget', () => {
    const sink = new FakeSink(10);
    const c = new SseClient(sink, ids(), Date.now, 10_000);
    for (let i = 0; i < 20; i++) c.sendResponse({ responseId: `r${i}` });
    expect(sink.events()).toHaveLength(20);
    expect(c.droppedResponses).toBe(0);
  });

  it('over budget, drops responses and keeps only the newest scores for the drain', () => {
    let now = 1000;
    const sink = new FakeSink(10);
    const c = new SseClient(sink, ids(), () => now, 80);
    c.sendResponse({ responseId: 'r1' });
    c.sendResponse({ responseId: 'r2' }); // over 80 bytes buffered: over budget
    now = 4000;
    expect(c.stalledForMs()).toBe(3000);
    c.sendResponse({ responseId: 'r3' });
    c.sendScores({ n: 3 });
    c.sendResponse({ responseId: 'r4' });
    c.sendScores({ n: 4 });
    c.heartbeat();
    expect(sink.chunks).toHaveLength(2);
    expect(c.droppedResponses).toBe(2);

    sink.drain();
    expect(c.stalledForMs()).toBe(0);
    expect(sink.events()).toEqual([
      { event: 'response', data: { responseId: 'r1' } },
      { event: 'response', data: { responseId: 'r2' } },
      { event: 'scores', data: { n: 4 } },
    ]);
    c.sendResponse({ responseId: 'r5' });
    expect(sink.events().at(-1)).toEqual({ event: 'response', data: { responseId: 'r5' } });
  });

  it('batches a tick of events into one corked write', () => {
    const sink = new FakeSink(Infinity);
    const c = new SseClient(sink, ids());
    c.batch(() => ['a', 'b', 'c'].forEach((r) => c.sendResponse({ r })));
    expect({ writesWhileCorked: sink.writesWhileCorked, corked: sink.corked }).toEqual({
      writesWhileCorked: 3,
      corked: 0,
    });
  });

  it('skips on-connect scores once newer broadcast scores went out', () => {
    const sink = new FakeSink(Infinity);
    const c = new SseClient(sink, ids());
    c.sendScores({ n: 2 });
    c.sendInitialScores({ n: 1 });
    expect(sink.events()).toEqual([{ event: 'scores', data: { n: 2 } }]);
    const fresh = new FakeSink(Infinity);
    new SseClient(fresh, ids()).sendInitialScores({ n: 1 });
    expect(fresh.events()).toEqual([{ event: 'scores', data: { n: 1 } }]);
  });

  it('ends a healthy stream, cuts off a stalled one, and writes nothing after closing', () => {
    const ok = new FakeSink(Infinity);
    const a = new SseClient(ok, ids());
    a.close();
    a.sendScores({ n: 1 });
    a.heartbeat();
    expect({ ended: ok.ended, destroyed: ok.destroyed, chunks: ok.chunks.length }).toEqual({
      ended: true,
      destroyed: false,
      chunks: 0,
    });

    const stuck = new FakeSink(1);
    const b = new SseClient(stuck, ids(), Date.now, 1);
    b.sendScores({ n: 1 });
    b.close();
    stuck.drain();
    expect({ ended: stuck.ended, destroyed: stuck.destroyed, chunks: stuck.chunks.length, closed: b.isClosed }).toEqual(
      { ended: false, destroyed: true, chunks: 1, closed: true },
    );
  });
});
