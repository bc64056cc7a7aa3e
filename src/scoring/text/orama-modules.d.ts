// The project resolves modules the node10 way, which ignores package "exports"; these
// subpaths exist only there, so their (tiny) types are restated here.
declare module '@orama/stemmers/english' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/finnish' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/swedish' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/norwegian' {
  export function stemmer(word: string): string;
}
declare module '@orama/stopwords/english' {
  export const stopwords: string[];
}
declare module '@orama/stopwords/finnish' {
  export const stopwords: string[];
}
declare module '@orama/stopwords/swedish' {
  export const stopwords: string[];
}
declare module '@orama/stopwords/norwegian' {
  export const stopwords: string[];
}
