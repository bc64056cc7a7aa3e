import { documentThemes, extractThemes, mostFrequent, type TextDocument } from './themes';

const fi = (text: string): TextDocument => ({ text, language: 'fi' });
const en = (text: string): TextDocument => ({ text, language: 'en' });
const sv = (text: string): TextDocument => ({ text, language: 'sv' });
const nb = (text: string): TextDocument => ({ text, language: 'nb' });

describe('documentThemes', () => {
  it.each<[TextDocument, string[]]>([
    [en('The queue was too long'), ['queue', 'long', 'long queue']],
    [en('Friendly staff'), ['friendli', 'staff', 'friendli staff']],
    [fi('Jonotus kesti liian kauan'), ['jono', 'kest', 'liian', 'kauan', 'jono kest', 'kest liian', 'kauan liian']],
    [sv('Kön var lång'), ['kö', 'lång', 'kö lång']],
    [nb('Lang kø i telefonen'), ['lang', 'kø', 'telefon', 'kø lang', 'kø telefon']],
    [fi('Asiakaspalvelu oli ystävällinen'), ['asiakaspalvelu', 'ystävällin', 'asiakaspalvelu ystävällin']],
  ])('%p', (doc, keys) => {
    expect([...documentThemes(doc).keys()].sort()).toEqual([...keys].sort());
  });

  it('keys a pair the same in either word order', () => {
    expect(documentThemes(en('long queue')).has('long queue')).toBe(true);
    expect(documentThemes(en('the queue was long')).has('long queue')).toBe(true);
    expect(documentThemes(fi('kauan kesti jonotus')).has('jono kest')).toBe(true);
  });

  it('does not pair words across sentences or commas', () => {
    const pairs = [...documentThemes(en('Great staff. Parking awful, queue long')).keys()].filter((k) =>
      k.includes(' '),
    );
    // Porter cuts "awful" to "aw": stems are keys, labels carry the words.
    expect(pairs.sort()).toEqual(['aw park', 'great staff', 'long queue']);
  });

  it('labels a pair with the words as written between them', () => {
    expect(documentThemes(en('The Queue was TOO long')).get('long queue')).toBe('queue was too long');
  });

  it('adds triples on request', () => {
    expect(documentThemes(fi('Jonotus kesti liian kauan'), 3).has('jono kest liian')).toBe(true);
    expect(documentThemes(fi('Jonotus kesti liian kauan'), 1).size).toBe(4);
  });

  it('skips runs that repeat a stem', () => {
    expect([...documentThemes(en('queue queues')).keys()]).toEqual(['queue']);
  });

  it('has no themes for an answer of stop-words only', () => {
    expect(documentThemes(en('It was what it was')).size).toBe(0);
  });
});

describe('extractThemes', () => {
  const answers = [
    fi('Jonotus kesti liian kauan'),
    fi('Jouduin jonottamaan puoli tuntia'),
    fi('Jonossa oli paljon ihmisiä'),
    fi('Asiakaspalvelu oli ystävällinen'),
    fi('Ystävällinen asiakaspalvelu, kiitos'),
    en('The queue was too long'),
    en('Long queue at the desk'),
    en('Friendly staff'),
  ];

  it('counts jonotus, jonottamaan and jonossa as one keyword, once per response', () => {
    const jono = extractThemes(answers).find((t) => t.language === 'fi' && t.key === 'jono');
    expect(jono?.documents).toBe(3);
  });

  it('finds pairs in more than one response', () => {
    const themes = extractThemes(answers);
    expect(themes).toContainEqual(
      expect.objectContaining({ language: 'fi', key: 'asiakaspalvelu ystävällin', words: 2, documents: 2 }),
    );
    expect(themes).toContainEqual(expect.objectContaining({ language: 'en', key: 'long queue', documents: 2 }));
  });

  it('keeps languages apart', () => {
    const themes = extractThemes([en('queue'), en('queue'), fi('queue')], { minDocuments: 1 });
    expect(themes.map((t) => [t.language, t.documents])).toEqual([
      ['en', 2],
      ['fi', 1],
    ]);
  });

  it('drops themes below the minimum support', () => {
    const themes = extractThemes(answers, { minDocuments: 3 });
    expect(themes.map((t) => t.key)).toEqual(['jono']);
  });

  it('counts a theme once however often one response repeats it', () => {
    expect(extractThemes([en('Queue, queue, queue!'), en('queue')])[0]).toMatchObject({ key: 'queue', documents: 2 });
  });

  it('labels a keyword with its commonest written form', () => {
    const themes = extractThemes([en('queues'), en('queues everywhere'), en('queued')]);
    expect(themes.find((t) => t.key === 'queue')?.label).toBe('queues');
  });

  it('orders by responses, then fewer words, then key', () => {
    const keys = extractThemes([en('long queue'), en('long queue'), en('slow staff')], { minDocuments: 1 }).map(
      (t) => t.key,
    );
    expect(keys).toEqual(['long', 'queue', 'long queue', 'slow', 'staff', 'slow staff']);
  });

  it('still groups exact words for an unsupported language', () => {
    const themes = extractThemes([
      { text: 'Warteschlange zu lang', language: null },
      { text: 'warteschlange', language: null },
    ]);
    expect(themes).toEqual([{ language: null, key: 'warteschlange', words: 1, label: 'warteschlange', documents: 2 }]);
  });
});

describe('mostFrequent', () => {
  it.each<[Array<[string, number]>, string]>([
    [
      [
        ['queues', 3],
        ['queue', 1],
      ],
      'queues',
    ],
    [
      [
        ['queues', 2],
        ['queue', 2],
      ],
      'queue',
    ],
    [
      [
        ['b', 2],
        ['a', 2],
        ['c', 1],
      ],
      'a',
    ],
    [
      [
        ['jonossa', 1],
        ['jonotus', 1],
        ['jonoa', 1],
      ],
      'jonoa',
    ],
  ])('%p → %p', (entries, expected) => {
    expect(mostFrequent(new Map(entries))).toBe(expected);
  });
});
