import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';

import { streamPages, writeWithBackpressure } from './http-stream';

/** A writable that accepts one chunk at a time and only when `release()` is called: a slow client. */
function slowClient(highWaterMark = 4) {
  const received: string[] = [];
  const pending: Array<() => void> = [];
  const out = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk, _enc, done) {
      received.push(String(chunk));
      pending.push(done);
    },
  });
  const release = async () => {
    while (pending.length) pending.shift()!();
    await tick();
  };
  return { out, received, release };
}

describe('writeWithBackpressure', () => {
  it('resolves at once while the buffer has room', async () => {
    const { out } = slowClient(100);
    await expect(writeWithBackpressure(out, 'ab')).resolves.toBe(true);
  });

  it('waits for drain when the buffer is full', async () => {
    const { out, release } = slowClient(4);
    let settled = false;
    const write = writeWithBackpressure(out, 'more than four').then((v) => ((settled = true), v));
    await tick();
    expect(settled).toBe(false);
    await release();
    await expect(write).resolves.toBe(true);
  });

  it('resolves false when the client goes while we wait, and false at once afterwards', async () => {
    const { out } = slowClient(4);
    const write = writeWithBackpressure(out, 'more than four');
    out.destroy();
    await expect(write).resolves.toBe(false);
    await expect(writeWithBackpressure(out, 'x')).resolves.toBe(false);
  });
});

describe('streamPages', () => {
  /** Counts how many pages the producer has been asked for, and whether it was closed. */
  function producer(total: number) {
    const state = { pulled: 0, closed: false };
    async function* pages() {
      try {
        for (let i = 0; i < total; i++) {
          state.pulled++;
          yield [`row ${i}`];
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, pages: pages() };
  }

  it('writes the head, every page and ends the stream', async () => {
    const chunks: string[] = [];
    const out = new Writable({ decodeStrings: false, write: (c, _e, done) => (chunks.push(String(c)), done()) });
    const { pages } = producer(3);
    await expect(streamPages(out, 'head\n', pages, (p) => `${p.join('')}\n`)).resolves.toBe('done');
    expect(chunks.join('')).toBe('head\nrow 0\nrow 1\nrow 2\n');
    expect(out.writableEnded).toBe(true);
  });

  it('pulls no page ahead of a slow client', async () => {
    const { out, received, release } = slowClient(4);
    const { state, pages } = producer(1000);
    const run = streamPages(out, '', pages, (p) => `${p[0]} is longer than the buffer\n`);
    for (let i = 1; i <= 5; i++) {
      // However long the client takes, the producer stays at the page being written.
      for (let t = 0; t < 5; t++) await tick();
      expect({ pulled: state.pulled, received: received.length }).toEqual({ pulled: i, received: i });
      await release();
    }
    out.destroy();
    await release();
    await expect(run).resolves.toBe('client-gone');
    expect(state.pulled).toBeLessThanOrEqual(6);
    expect(state.closed).toBe(true);
  });
});
