/**
 * A small, forgiving XML reader for TwiML: elements, attributes (single, double or no quotes),
 * text, CDATA, entities (the five named ones and numeric), self-closing tags; the XML
 * declaration, processing instructions, comments and DOCTYPE are skipped. Malformed input never
 * throws: a stray `<` is text, an unknown end tag is ignored, unclosed elements close at the end.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_:][\w:.-]*/y;
const ATTRIBUTE = /([A-Za-z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/=`<]+)))?/y;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The document as a synthetic `#document` element whose children are the top-level nodes. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  const top = () => stack[stack.length - 1];
  const addText = (text: string) => {
    if (!text) return;
    const children = top().children;
    const last = children.length - 1;
    if (typeof children[last] === 'string') children[last] += text;
    else children.push(text);
  };
  const skipTo = (from: number, terminator: string) => {
    const end = source.indexOf(terminator, from);
    return end < 0 ? source.length : end + terminator.length;
  };

  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      addText(decodeXml(source.slice(i)));
      break;
    }
    addText(decodeXml(source.slice(i, lt)));
    if (source.startsWith('<!--', lt)) {
      i = skipTo(lt + 4, '-->');
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      addText(source.slice(lt + 9, end < 0 ? source.length : end));
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith('<?', lt)) {
      i = skipTo(lt + 2, '?>');
    } else if (source.startsWith('<!', lt)) {
      i = skipDeclaration(source, lt + 2);
    } else if (source[lt + 1] === '/') {
      const end = skipTo(lt + 2, '>');
      const name = source.slice(lt + 2, end - (source[end - 1] === '>' ? 1 : 0)).trim();
      const open = stack.map((e) => e.name).lastIndexOf(name);
      if (open > 0) stack.length = open; // pops the element and anything left unclosed inside it
      i = end;
    } else {
      NAME.lastIndex = lt + 1;
      const name = NAME.exec(source)?.[0];
      if (!name) {
        addText('<');
        i = lt + 1;
        continue;
      }
      const element: XmlElement = { name, attributes: {}, children: [] };
      top().children.push(element);
      let p = lt + 1 + name.length;
      let selfClosing = false;
      while (p < source.length) {
        const c = source[p];
        if (c === '>') {
          p++;
          break;
        }
        if (c === '/' && source[p + 1] === '>') {
          selfClosing = true;
          p += 2;
          break;
        }
        if (/\s/.test(c)) {
          p++;
          continue;
        }
        ATTRIBUTE.lastIndex = p;
        const attribute = ATTRIBUTE.exec(source);
        if (!attribute) {
          p++; // junk inside a tag: skip it
          continue;
        }
        element.attributes[attribute[1]] = decodeXml(attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
        p = ATTRIBUTE.lastIndex;
      }
      if (!selfClosing) stack.push(element);
      i = p;
    }
  }
  return root;
}

/** Skips `<!DOCTYPE …>` (with an internal `[…]` subset) or any other `<!…>` declaration. */
function skipDeclaration(source: string, from: number): number {
  let depth = 0;
  for (let p = from; p < source.length; p++) {
    const c = source[p];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return p + 1;
  }
  return source.length;
}

export function decodeXml(text: string): string {
  return text.replace(
    /&(?:#[xX]([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g,
    (whole, hex?: string, dec?: string, named?: string) => {
      if (named) return NAMED_ENTITIES[named];
      const code = hex ? parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** Child elements, optionally only those with this name. */
export function elements(parent: XmlElement, name?: string): XmlElement[] {
  return parent.children.filter(isElement).filter((e) => name === undefined || e.name === name);
}

/** Every element with this name anywhere below `parent`, in document order. */
export function descendants(parent: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of elements(parent)) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

/** Concatenated text of a node and its descendants, optionally leaving out some elements. */
export function textContent(node: XmlNode, skip: ReadonlySet<string> = new Set()): string {
  if (typeof node === 'string') return node;
  if (skip.has(node.name)) return '';
  return node.children.map((child) => textContent(child, skip)).join('');
}

const MESSAGE_NON_TEXT = new Set(['Media', 'Redirect']);

/** The `<Message>` elements of a TwiML answer: body text (or `<Body>`), entities decoded, with any to/from attributes. */
export function twimlMessages(twiml: string): Array<{ body: string; to?: string; from?: string }> {
  return descendants(parseXml(twiml), 'Message').map((message) => {
    const bodies = elements(message, 'Body');
    // With <Body> nouns the text is theirs; otherwise the element's own text, other nouns (<Media>, <Redirect>) left out.
    const raw = bodies.length ? bodies.map((b) => textContent(b)).join('') : textContent(message, MESSAGE_NON_TEXT);
    return { body: raw.trim(), to: message.attributes.to || undefined, from: message.attributes.from || undefined };
  });
}
