import type { Writable } from 'node:stream';

/**
 * Writes a chunk at the reader's pace: when the socket's buffer is full (write() returns false)
 * waits for 'drain', so a slow client holds back the producer instead of filling our memory.
 * Resolves false when the client has gone (closed or destroyed): the producer should stop.
 */
export function writeWithBackpressure(out: Writable, chunk: string): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  if (out.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (drained: boolean) => () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      resolve(drained);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/**
 * Streams pages to `out`: `head` first, then each page as `encode` renders it, then ends `out`.
 * Stops reading (returns the page iterator, which ends any read-ahead) once the client has gone.
 */
export async function streamPages<T>(
  out: Writable,
  head: string,
  pages: AsyncIterable<T>,
  encode: (page: T) => string,
): Promise<'done' | 'client-gone'> {
  if (head && !(await writeWithBackpressure(out, head))) return 'client-gone';
  for await (const page of pages) {
    if (!(await writeWithBackpressure(out, encode(page)))) return 'client-gone';
  }
  if (out.destroyed) return 'client-gone';
  // Not awaited: 'finish' never comes if the client leaves during the last bytes.
  out.end();
  return 'done';
}
