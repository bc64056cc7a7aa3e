import { highlightParts } from './highlight';

/** An answer with the words a search matched in <mark>: text nodes only, never HTML. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  return (
    <>{highlightParts(text, query).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</>
  );
}
