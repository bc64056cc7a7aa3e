import { sseComment, sseEvent, sseRetry } from './sse-format';

describe('sse-format', () => {
  it('writes event, id and JSON data, ended by a blank line', () => {
    expect(sseEvent({ event: 'scores', id: '17-3', data: { nps: { n: 1 } } })).toBe(
      'event: scores\nid: 17-3\ndata: {"nps":{"n":1}}\n\n',
    );
  });

  it('keeps line breaks inside strings escaped, so one event stays one data line', () => {
    const text = sseEvent({ event: 'response', id: '1', data: { comment: 'slow\nand rude\r\n' } });
    expect(text.split('\n').filter((l) => l.startsWith('data: '))).toEqual([
      'data: {"comment":"slow\\nand rude\\r\\n"}',
    ]);
  });

  it('never lets a name or id break out of its field', () => {
    expect(sseEvent({ event: 'a\nevent: b', id: '1\n2', data: null })).toBe(
      'event: a event: b\nid: 1 2\ndata: null\n\n',
    );
  });

  it('writes comments and the retry hint', () => {
    expect(sseComment('keep-alive')).toBe(': keep-alive\n\n');
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
  });
});
