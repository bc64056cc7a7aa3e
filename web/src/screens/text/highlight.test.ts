import { describe, expect, it } from 'vitest';

import { highlightParts, queryWords, wordMatches } from './highlight';

const marked = (text: string, query: string) =>
  highlightParts(text, query)
    .filter((p) => p.match)
    .map((p) => p.text);

describe('queryWords', () => {
  it('lowercases, drops digits, one-letter and function words, and repeats', () => {
    expect(queryWords('The QUEUE, the queue 24h a')).toEqual(['queue']);
    expect(queryWords('jonotus oli pitkä')).toEqual(['jonotus', 'pitkä']);
  });

  it('finds no words in punctuation or stop-words alone', () => {
    expect(queryWords('?!')).toEqual([]);
    expect(queryWords('and the')).toEqual([]);
  });
});

describe('wordMatches', () => {
  it('joins the inflections the API joins', () => {
    for (const w of ['queue', 'Queues', 'queued', 'queuing']) expect(wordMatches(w, 'queue')).toBe(true);
    for (const w of ['jonossa', 'jonottamaan', 'Jonotusaika']) expect(wordMatches(w, 'jonotus')).toBe(true);
    expect(wordMatches('called', 'call')).toBe(true);
    expect(wordMatches('kön', 'kö')).toBe(true);
  });

  it('keeps words that only start alike apart', () => {
    expect(wordMatches('calm', 'call')).toBe(false);
    expect(wordMatches('quest', 'queue')).toBe(false);
    expect(wordMatches('que', 'queue')).toBe(false);
    expect(wordMatches('jono', 'jonotus')).toBe(true);
    expect(wordMatches('jon', 'jonotus')).toBe(false);
  });

  it('compares composed and decomposed letters alike', () => {
    expect(wordMatches('ko\u0308n', 'kön')).toBe(true);
  });
});

describe('highlightParts', () => {
  it('marks every matching word and keeps the text whole', () => {
    const text = 'The queue time was far too long. Queues again!';
    const parts = highlightParts(text, 'queue');
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts).toEqual([
      { text: 'The ', match: false },
      { text: 'queue', match: true },
      { text: ' time was far too long. ', match: false },
      { text: 'Queues', match: true },
      { text: ' again!', match: false },
    ]);
  });

  it('marks each word of a query of several words, not the stop-words', () => {
    expect(marked('Nobody answered my call, long queue again', 'the long queue')).toEqual(['long', 'queue']);
  });

  it('leaves the text as one plain part when nothing matches or the query has no words', () => {
    expect(highlightParts('Quick and friendly help', 'queue')).toEqual([
      { text: 'Quick and friendly help', match: false },
    ]);
    expect(highlightParts('the queue', '   ')).toEqual([{ text: 'the queue', match: false }]);
  });

  it('treats markup in answers as text (the parts are rendered as text nodes)', () => {
    expect(highlightParts('<b>queue</b>', 'queue')).toEqual([
      { text: '<b>', match: false },
      { text: 'queue', match: true },
      { text: '</b>', match: false },
    ]);
  });

  it('gives nothing for an empty answer', () => {
    expect(highlightParts('', 'queue')).toEqual([]);
  });
});
